import { core } from "@strata/sdk/contracts";
import { createComputeServer } from "@strata/sdk/compute";
import type { ComputeServer, ComputeServerOptions } from "@strata/sdk/compute";
import { createThreadpoolBackend, type ThreadpoolOptions } from "./threadpool-backend.js";

export type ThreadpoolServerOptions = Omit<ComputeServerOptions, "info" | "backend"> & ThreadpoolOptions;

/** The threadpool reference vendor as a ready compute endpoint: shares, limits and live resize declared. */
export function createThreadpoolServer(options: ThreadpoolServerOptions): ComputeServer {
  return createComputeServer({
    capabilities: [
      core.Feature.FEATURE_COMPUTE_CPU_SHARES, core.Feature.FEATURE_COMPUTE_CPU_LIMITS, core.Feature.FEATURE_COMPUTE_LIVE_RESIZE,
    ],
    ...options,
    info: { vendor: "Strata reference", product: "strata-compute-threadpool", version: "0.1.0" },
    backend: createThreadpoolBackend(options),
  });
}
