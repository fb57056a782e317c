import { createFabricServer } from "@strata/sdk/fabric";
import type { FabricServer, FabricServerOptions } from "@strata/sdk/fabric";
import { createCreditfabricBackend, type CreditfabricOptions } from "./creditfabric-backend.js";

export type CreditfabricServerOptions = Omit<FabricServerOptions, "info" | "backend"> & CreditfabricOptions;

/** The creditfabric reference vendor as a ready fabric endpoint; targets of the configured storage systems forward to them. */
export function createCreditfabricServer(options: CreditfabricServerOptions): FabricServer {
  return createFabricServer({
    ...options,
    info: { vendor: "Strata reference", product: "strata-fabric-creditfabric", version: "0.1.0" },
    backend: createCreditfabricBackend(options),
  });
}
