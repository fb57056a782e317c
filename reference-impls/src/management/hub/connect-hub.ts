import { connect, metadataFor, subscribe, type ClientAuth, type ConnectOptions, type StrataClients, type SubscribeEvent, type SubscribeOptions, type SubscribeRequestInput } from "@strata/sdk/client";
import { hub, type telemetry } from "@strata/sdk/contracts";

export const HUB_CLIENT_SERVICES = { hub: hub.HubServiceService } as const;

/** How a management tool reaches the hub: its address and the credentials it calls it with. */
export interface HubConnection {
  /** host:port or unix:path of the hub. */
  address: string;
  /** The tool's credentials; the operator role to see every tenant. */
  auth: ClientAuth;
  tls?: { caPath?: string; certPath?: string; keyPath?: string; serverNameOverride?: string };
}

/** Clients of the hub's common services and HubService, and its telemetry stream with resume: all a management tool reads. */
export type HubClients = StrataClients<typeof HUB_CLIENT_SERVICES> & {
  /** The hub's merged stream, resumed after the last watermark on a retryable failure (the SDK's subscribe()). */
  stream(request: SubscribeRequestInput, options?: Omit<SubscribeOptions, "metadata">): AsyncGenerator<SubscribeEvent, void, undefined>;
};

/** Connects a management tool to the hub. */
export function connectHub(connection: HubConnection): HubClients {
  const options: ConnectOptions<typeof HUB_CLIENT_SERVICES> = {
    services: HUB_CLIENT_SERVICES, auth: connection.auth, ...(connection.tls ? { tls: connection.tls } : {}),
  };
  const clients = connect(connection.address, options);
  const raw = clients.telemetry.raw as unknown as telemetry.TelemetryServiceClient;
  return Object.assign(clients, {
    stream: (request: SubscribeRequestInput, streamOptions: Omit<SubscribeOptions, "metadata"> = {}) =>
      subscribe(raw, request, { ...streamOptions, metadata: () => metadataFor(options) }),
  });
}
