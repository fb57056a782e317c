import type { MetricCatalogue } from "../../../registry/metric-catalogue.js";

/**
 * The storage metric catalogue as docs/telemetry.md fixes it, not as any SDK
 * implements it: a vendor is judged by the spec, and the suite keeps its own copy.
 */
export const storageMetricCatalogue: MetricCatalogue = [
  { metric: "strata.storage.io.ops", kind: "counter", unit: "{op}", perOperation: true, tally: "calls" },
  { metric: "strata.storage.io.bytes", kind: "counter", unit: "By", perOperation: true, tally: "bytes" },
  { metric: "strata.storage.io.ops_rate", kind: "gauge", unit: "{op}/s", perOperation: true, tally: "calls-rate" },
  { metric: "strata.storage.io.bytes_rate", kind: "gauge", unit: "By/s", perOperation: true, tally: "bytes-rate" },
  { metric: "strata.storage.io.latency", kind: "histogram", unit: "ns", perOperation: true, tally: "latency" },
  { metric: "strata.storage.io.queue_depth", kind: "gauge", unit: "{request}", perOperation: false, range: [0, Number.POSITIVE_INFINITY] },
  { metric: "strata.storage.volume.utilization", kind: "gauge", unit: "%", perOperation: false, range: [0, 100] },
];
