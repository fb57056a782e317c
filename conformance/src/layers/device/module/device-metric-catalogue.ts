import type { MetricCatalogue } from "../../../registry/metric-catalogue.js";
import { USER_LATENCY } from "../support/transact-call.js";

/**
 * The device metric catalogue as docs/device.md fixes it, not as any SDK
 * implements it: a vendor is judged by the spec, and the suite keeps its own copy.
 */
export const deviceMetricCatalogue: MetricCatalogue = [
  { metric: "strata.device.transactions", kind: "counter", unit: "{transaction}", perOperation: true, tally: "calls" },
  { metric: "strata.device.transaction.rate", kind: "gauge", unit: "{transaction}/s", perOperation: true, tally: "calls-rate" },
  { metric: "strata.device.transaction.bytes", kind: "counter", unit: "By", perOperation: true, tally: "bytes" },
  { metric: "strata.device.experience.latency", kind: "histogram", unit: "ns", perOperation: true, tally: "measurement-histogram", measurement: USER_LATENCY },
  { metric: "strata.device.transaction.error_rate", kind: "gauge", unit: "{transaction}/s", perOperation: true, range: [0, Number.POSITIVE_INFINITY] },
];
