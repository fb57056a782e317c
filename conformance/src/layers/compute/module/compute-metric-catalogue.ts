import type { MetricCatalogue } from "../../../registry/metric-catalogue.js";

/**
 * The compute metric catalogue as docs/compute.md fixes it, not as any SDK
 * implements it: a vendor is judged by the spec, and the suite keeps its own copy.
 */
export const computeMetricCatalogue: MetricCatalogue = [
  { metric: "strata.compute.executions", kind: "counter", unit: "{execution}", perOperation: true, tally: "calls" },
  { metric: "strata.compute.execution.rate", kind: "gauge", unit: "{execution}/s", perOperation: true, tally: "calls-rate" },
  { metric: "strata.compute.execution.latency", kind: "histogram", unit: "ns", perOperation: true, tally: "latency" },
  { metric: "strata.compute.cpu.time", kind: "counter", unit: "ns", perOperation: true, tally: "measurement-sum", measurement: "cpu_time_ns" },
  {
    metric: "strata.compute.run_queue.delay", kind: "histogram", unit: "ns", perOperation: true,
    tally: "measurement-histogram", measurement: "run_queue_delay_ns",
  },
  { metric: "strata.compute.cpu.utilization", kind: "gauge", unit: "%", perOperation: false, range: [0, 100] },
  { metric: "strata.compute.memory.used", kind: "gauge", unit: "By", perOperation: false, range: [0, Number.POSITIVE_INFINITY] },
];
