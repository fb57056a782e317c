/**
 * @strata/sdk/network: the LAN layer (strata.network.v1). Its contracts (the
 * `network` namespace of generated messages, services and clients), the
 * client services for `connect()`, the standard metric catalogue, the
 * application framing taps decode, and the LAN kit a vendor serves its
 * switch (NetworkBackend) with.
 */
export * as network from "./contracts.js";
export { NETWORK_SERVICES } from "./network-services.js";
export { NETWORK_CATALOGUE, NETWORK_METRICS, PORT_METRICS } from "./network-catalogue.js";
export { createNetworkServer } from "./create-network-server.js";
export { decodeApplicationFrame, encodeApplicationFrame } from "./application-frame.js";

export type { NetworkServer, NetworkServerOptions, NetworkServices } from "./create-network-server.js";
export type { NetworkBackend, IngressFrame, WireFrame, PortSide, SwitchPort } from "./network-backend.js";
export type { NetworkKit } from "./network-kit.js";
export type { TapEvent } from "./tap-event.js";
