import type { ConformanceConfig } from "../config.js";

/** The largest difference allowed between a latency an endpoint reports and the one the suite observed, ms. */
export function latencyToleranceMs(observedMs: number, config: Pick<ConformanceConfig, "latencyToleranceMs" | "latencyToleranceRatio">): number {
  return config.latencyToleranceMs + config.latencyToleranceRatio * observedMs;
}
