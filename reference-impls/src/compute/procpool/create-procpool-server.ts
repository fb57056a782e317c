import { core } from "@strata/sdk/contracts";
import { createComputeServer } from "@strata/sdk/compute";
import type { ComputeServer, ComputeServerOptions } from "@strata/sdk/compute";
import { createProcpoolBackend, type ProcpoolOptions } from "./procpool-backend.js";

export type ProcpoolServerOptions = Omit<ComputeServerOptions, "info" | "backend"> & ProcpoolOptions;

/**
 * The procpool reference vendor as a ready compute endpoint: CPU limits
 * declared (admission control); no shares (its cores are taken first come
 * first served) and no live resize (a process keeps the heap it started with).
 */
export function createProcpoolServer(options: ProcpoolServerOptions): ComputeServer {
  return createComputeServer({
    capabilities: [core.Feature.FEATURE_COMPUTE_CPU_LIMITS],
    ...options,
    info: { vendor: "Strata reference", product: "strata-compute-procpool", version: "0.1.0" },
    backend: createProcpoolBackend(options),
  });
}
