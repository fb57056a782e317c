import type { ComputeBackend } from "@strata/sdk/compute";
import { createPoolBackend, type PoolOptions } from "../shared/pool-backend.js";
import { ShareScheduler } from "./share-scheduler.js";
import { VcpuThread } from "./vcpu-thread.js";

export type ThreadpoolOptions = PoolOptions;

/**
 * The threadpool compute backend: every instance is a set of worker threads
 * (one per vCPU, started on demand) in this process; every host a fixed
 * budget of cores shared by stride scheduling over tenants' and instances'
 * CPU shares, within their CPU limits (a unit over its limit waits). CPU
 * time and run-queue wait come from each thread's scheduler clock.
 */
export function createThreadpoolBackend(options: ThreadpoolOptions = {}): ComputeBackend {
  return createPoolBackend({
    product: "threadpool",
    spawn: (memoryBytes) => new VcpuThread(memoryBytes),
    gate: (cores) => new ShareScheduler(cores),
    liveResize: true,
  }, options);
}
