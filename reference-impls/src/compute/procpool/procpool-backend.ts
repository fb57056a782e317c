import type { ComputeBackend } from "@strata/sdk/compute";
import { createPoolBackend, type PoolOptions } from "../shared/pool-backend.js";
import { AdmissionControl } from "./admission-control.js";
import { VcpuProcess } from "./vcpu-process.js";

export type ProcpoolOptions = PoolOptions;

/**
 * The procpool compute backend: every instance is a set of child processes
 * (one per vCPU, started on demand); every host admits units of work to a
 * fixed number of cores, first come first served, and refuses those of a
 * tenant or instance over its CPU limit (admission control, with RetryInfo).
 * CPU time is what the operating system accounts to each process.
 */
export function createProcpoolBackend(options: ProcpoolOptions = {}): ComputeBackend {
  return createPoolBackend({
    product: "procpool",
    spawn: (memoryBytes) => new VcpuProcess(memoryBytes),
    gate: (cores) => new AdmissionControl(cores),
    liveResize: false,
  }, options);
}
