import { Layer } from "../../gen/strata/core/v1/layer.js";
import type { LayerCatalogue, MetricDefinition } from "../../telemetry/metric-catalogue.js";

/** The names of RequestRecord.measurements a transaction's record carries. */
export const DEVICE_MEASUREMENTS = Object.freeze({ userLatency: "user_latency_ns" } as const);

/** The one data-path operation: a transaction, whatever issued it. */
export const TRANSACT_OPERATION = "transact";

/** The device layer's catalogue (docs/device.md). Series are per (tenant, application, device). */
export const DEVICE_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: "strata.device.transactions", kind: "counter", unit: "{transaction}", attributes: ["operation"], source: "requests",
    description: "Transactions completed (ended OK) since the series started; failed ones count in the error rate.",
  },
  {
    name: "strata.device.transaction.rate", kind: "gauge", unit: "{transaction}/s", attributes: ["operation"], source: "request-rate",
    description: "Transactions completed per second over the interval.",
  },
  {
    name: "strata.device.transaction.bytes", kind: "counter", unit: "By", attributes: ["operation"], source: "bytes",
    description: "Payload bytes of the transactions completed since the series started, sent and received.",
  },
  {
    name: "strata.device.experience.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "measurement-histogram",
    measurement: DEVICE_MEASUREMENTS.userLatency,
    description: "Distribution of the latency_ns users saw of the transactions completed in the interval.",
  },
  {
    name: "strata.device.transaction.error_rate", kind: "gauge", unit: "{transaction}/s", attributes: ["operation"],
    description: "Transactions issued that failed, per second over the interval.",
  },
] satisfies MetricDefinition[]);

/** The device layer's catalogue: series per (tenant, application, device), one operation, "transact". */
export const DEVICE_CATALOGUE: LayerCatalogue = Object.freeze({
  layer: Layer.LAYER_DEVICE,
  metrics: DEVICE_METRICS,
  operations: Object.freeze([TRANSACT_OPERATION]),
});
