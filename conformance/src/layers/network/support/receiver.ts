import { network } from "@strata/sdk/network";
import { StreamReader } from "@strata/sdk/testing";
import type { NetworkClients, NetworkContext } from "../network-checks.js";

/** A Receive stream of one endpoint, read in the background, cancelled when the check ends. */
export type Receiver = StreamReader<network.ReceiveResponse>;

/** Opens the Receive stream of an endpoint as `as` (tenant A by default). */
export function openReceiver(t: NetworkContext, networkId: string, endpointId: string, as: NetworkClients = t.tenantA): Receiver {
  const reader = new StreamReader(as.datagrams.receive({ networkId, endpointId }));
  t.track(() => reader.cancel(), `cancel the Receive stream of ${endpointId}`);
  return reader;
}

/** The datagrams a receiver got, in order. */
export function datagramsOf(receiver: Receiver): network.Datagram[] {
  return receiver.messages.flatMap((m) => m.datagrams);
}
