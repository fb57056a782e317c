import { core } from "@strata/sdk/contracts";
import { createNetworkServer } from "@strata/sdk/network";
import type { NetworkServer, NetworkServerOptions } from "@strata/sdk/network";
import { createSoftswitchBackend, type SoftswitchOptions } from "./softswitch-backend.js";

export type SoftswitchServerOptions = Omit<NetworkServerOptions, "info" | "backend"> & SoftswitchOptions;

/** The softswitch reference vendor as a ready LAN endpoint. */
export function createSoftswitchServer(options: SoftswitchServerOptions): Promise<NetworkServer> {
  return createNetworkServer({
    capabilities: [core.Feature.FEATURE_NETWORK_PRIORITY_QUEUING],
    ...options,
    info: { vendor: "Strata reference", product: "strata-network-softswitch", version: "0.1.0" },
    backend: createSoftswitchBackend(options),
  });
}
