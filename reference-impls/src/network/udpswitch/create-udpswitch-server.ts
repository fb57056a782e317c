import { core } from "@strata/sdk/contracts";
import { createNetworkServer } from "@strata/sdk/network";
import type { NetworkServer, NetworkServerOptions } from "@strata/sdk/network";
import { createUdpswitchBackend, type UdpswitchOptions } from "./udpswitch-backend.js";

export type UdpswitchServerOptions = Omit<NetworkServerOptions, "info" | "backend"> & UdpswitchOptions;

/** The udpswitch reference vendor as a ready LAN endpoint. */
export function createUdpswitchServer(options: UdpswitchServerOptions): Promise<NetworkServer> {
  return createNetworkServer({
    capabilities: [core.Feature.FEATURE_NETWORK_PRIORITY_QUEUING],
    queueCapacityDatagrams: 128,
    ...options,
    info: { vendor: "Strata reference", product: "strata-network-udpswitch", version: "0.1.0" },
    backend: createUdpswitchBackend(options),
  });
}
