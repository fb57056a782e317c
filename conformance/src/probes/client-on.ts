import { credentials, type ChannelInterface, type Client } from "@grpc/grpc-js";

type GenericClientConstructor = new (...args: ConstructorParameters<typeof Client>) => Client;

/** A client of a non-Strata service (health, reflection) sharing an open channel and its credentials. */
export function clientOn(Ctor: GenericClientConstructor, channel: ChannelInterface): Client & Record<string, Function> {
  // The credentials argument is ignored when a channel is passed in.
  return new Ctor(channel.getTarget(), credentials.createInsecure(), { channelOverride: channel }) as Client & Record<string, Function>;
}
