import type { MetricCatalogue } from "../../../registry/metric-catalogue.js";

/**
 * The access metric catalogue as docs/access.md fixes it, not as any SDK
 * implements it: a vendor is judged by the spec, and the suite keeps its own copy.
 */
export const accessMetricCatalogue: MetricCatalogue = [
  { metric: "strata.access.requests", kind: "counter", unit: "{request}", perOperation: true, tally: "calls" },
  { metric: "strata.access.request.rate", kind: "gauge", unit: "{request}/s", perOperation: true, tally: "calls-rate" },
  { metric: "strata.access.bytes", kind: "counter", unit: "By", perOperation: true, tally: "bytes" },
  { metric: "strata.access.byte.rate", kind: "gauge", unit: "By/s", perOperation: true, tally: "bytes-rate" },
  { metric: "strata.access.latency", kind: "histogram", unit: "ns", perOperation: true, tally: "latency" },
  {
    metric: "strata.access.shaping.delay", kind: "histogram", unit: "ns", perOperation: true,
    tally: "measurement-histogram", measurement: "shaping_delay_ns",
  },
  {
    metric: "strata.access.entry_point.latency", kind: "histogram", unit: "ns", perOperation: true,
    tally: "measurement-histogram", measurement: "entry_point_ns",
  },
  { metric: "strata.access.sessions", kind: "gauge", unit: "{session}", perOperation: false, range: [0, 1] },
];
