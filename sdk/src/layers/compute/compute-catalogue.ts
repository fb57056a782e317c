import { Layer } from "../../gen/strata/core/v1/layer.js";
import type { LayerCatalogue, MetricDefinition } from "../../telemetry/metric-catalogue.js";

/** The names of RequestRecord.measurements an Execute record carries. */
export const COMPUTE_MEASUREMENTS = Object.freeze({ cpuTime: "cpu_time_ns", runQueueDelay: "run_queue_delay_ns" } as const);

/** The compute layer's catalogue (docs/compute.md). Series are per (tenant, application, instance). */
export const COMPUTE_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: "strata.compute.executions", kind: "counter", unit: "{execution}", attributes: ["operation"], source: "requests",
    description: "Units of work answered OK since the series started (failed ones appear only as records).",
  },
  {
    name: "strata.compute.execution.rate", kind: "gauge", unit: "{execution}/s", attributes: ["operation"], source: "request-rate",
    description: "Units of work completed per second over the interval.",
  },
  {
    name: "strata.compute.execution.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "latency",
    description: "Distribution of the duration_ns of the units of work completed in the interval.",
  },
  {
    name: "strata.compute.cpu.time", kind: "counter", unit: "ns", attributes: ["operation"], source: "measurement-sum",
    measurement: COMPUTE_MEASUREMENTS.cpuTime,
    description: "CPU time of the units of work completed since the series started: the sum of their cpu_time_ns.",
  },
  {
    name: "strata.compute.run_queue.delay", kind: "histogram", unit: "ns", attributes: ["operation"], source: "measurement-histogram",
    measurement: COMPUTE_MEASUREMENTS.runQueueDelay,
    description: "Distribution of the run_queue_delay_ns of the units of work completed in the interval.",
  },
  {
    name: "strata.compute.cpu.utilization", kind: "gauge", unit: "%", attributes: [],
    description: "CPU time of the instance's units of work completed in the interval, over the interval times its vCPUs, times 100; at most 100.",
  },
  {
    name: "strata.compute.memory.used", kind: "gauge", unit: "By", attributes: [],
    description: "Memory the instance uses at the end of the interval (Instance.memory_used_bytes).",
  },
] satisfies MetricDefinition[]);

/** The compute layer's catalogue: series per (tenant, application, instance), one operation, "execute". */
export const COMPUTE_CATALOGUE: LayerCatalogue = Object.freeze({
  layer: Layer.LAYER_COMPUTE,
  metrics: COMPUTE_METRICS,
  operations: Object.freeze(["execute"]),
});
