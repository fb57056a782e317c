import { createFabricServer } from "@strata/sdk/fabric";
import type { FabricServer, FabricServerOptions } from "@strata/sdk/fabric";
import { createDirectfabricBackend, type DirectfabricOptions } from "./directfabric-backend.js";

export type DirectfabricServerOptions = Omit<FabricServerOptions, "info" | "backend"> & DirectfabricOptions;

/** The directfabric reference vendor as a ready fabric endpoint; targets of the configured storage systems forward to them. */
export function createDirectfabricServer(options: DirectfabricServerOptions): FabricServer {
  return createFabricServer({
    ...options,
    info: { vendor: "Strata reference", product: "strata-fabric-directfabric", version: "0.1.0" },
    backend: createDirectfabricBackend(options),
  });
}
