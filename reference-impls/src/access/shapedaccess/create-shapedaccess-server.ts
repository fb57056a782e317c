import { core } from "@strata/sdk/contracts";
import { createAccessServer } from "@strata/sdk/access";
import type { AccessServer, AccessServerOptions } from "@strata/sdk/access";
import { createShapedBackend, type ShapedOptions } from "./shaped-backend.js";

export type ShapedaccessServerOptions = Omit<AccessServerOptions, "info" | "backend"> & ShapedOptions;

/** The shapedaccess reference vendor as a ready access endpoint: token-bucket shaping declared, behind a modelled WAN. */
export function createShapedaccessServer(options: ShapedaccessServerOptions): AccessServer {
  const { latencyMs, lossRate, seed, ...rest } = options;
  return createAccessServer({
    capabilities: [core.Feature.FEATURE_ACCESS_SHAPING],
    ...rest,
    info: { vendor: "Strata reference", product: "strata-access-shapedaccess", version: "0.1.0" },
    backend: createShapedBackend({ latencyMs, lossRate, seed }),
  });
}
