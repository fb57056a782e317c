import { Layer } from "../../gen/strata/core/v1/layer.js";
import type { LayerCatalogue, MetricDefinition } from "../../telemetry/metric-catalogue.js";

/** The storage layer's catalogue. Series are per (tenant, application, volume). */
export const STORAGE_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: "strata.storage.io.ops", kind: "counter", unit: "{op}", attributes: ["operation"], source: "requests",
    description: "Block I/O requests answered OK since the series started (failed ones appear only as records), per operation (read, write).",
  },
  {
    name: "strata.storage.io.bytes", kind: "counter", unit: "By", attributes: ["operation"], source: "bytes",
    description: "Payload bytes read or written since the series started, per operation.",
  },
  {
    name: "strata.storage.io.ops_rate", kind: "gauge", unit: "{op}/s", attributes: ["operation"], source: "request-rate",
    description: "Block I/O requests per second over the interval, per operation.",
  },
  {
    name: "strata.storage.io.bytes_rate", kind: "gauge", unit: "By/s", attributes: ["operation"], source: "byte-rate",
    description: "Payload bytes per second over the interval, per operation.",
  },
  {
    name: "strata.storage.io.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "latency",
    description: "Distribution of request durations (RequestRecord.duration_ns) during the interval, per operation.",
  },
  {
    name: "strata.storage.io.queue_depth", kind: "gauge", unit: "{request}", attributes: [], source: "in-flight",
    description: "Mean number of requests in flight on the volume over the interval, weighted by time.",
  },
  {
    name: "strata.storage.volume.utilization", kind: "gauge", unit: "%", attributes: [],
    description: "Allocated bytes of the volume divided by its capacity, times 100, at the end of the interval.",
  },
] satisfies MetricDefinition[]);

/** The storage layer's catalogue: series per (tenant, application, volume), operations read and write. */
export const STORAGE_CATALOGUE: LayerCatalogue = Object.freeze({
  layer: Layer.LAYER_STORAGE,
  metrics: STORAGE_METRICS,
  operations: Object.freeze(["read", "write"]),
});
