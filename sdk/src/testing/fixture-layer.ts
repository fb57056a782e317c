import { Layer } from "../gen/strata/core/v1/layer.js";
import type { LayerCatalogue, MetricDefinition } from "../telemetry/metric-catalogue.js";

/**
 * The layer value the generic kit's own tests run under: the first one the
 * contracts define, whichever it is, so that those tests name no layer.
 */
export const FIXTURE_LAYER: Layer = Object.values(Layer).find((v): v is Layer => typeof v === "number" && v > 0)!;

/** A catalogue shaped like a real layer's (every metric source once), for tests of the generic kit. */
export const FIXTURE_METRICS: readonly MetricDefinition[] = Object.freeze([
  { name: "fixture.io.ops", kind: "counter", unit: "{op}", attributes: ["operation"], source: "requests", description: "requests answered OK" },
  { name: "fixture.io.bytes", kind: "counter", unit: "By", attributes: ["operation"], source: "bytes", description: "payload bytes moved" },
  { name: "fixture.io.ops_rate", kind: "gauge", unit: "{op}/s", attributes: ["operation"], source: "request-rate", description: "requests per second" },
  { name: "fixture.io.bytes_rate", kind: "gauge", unit: "By/s", attributes: ["operation"], source: "byte-rate", description: "bytes per second" },
  { name: "fixture.io.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "latency", description: "request durations" },
  { name: "fixture.io.queue_depth", kind: "gauge", unit: "{request}", attributes: [], source: "in-flight", description: "mean requests in flight" },
  { name: "fixture.resource.utilization", kind: "gauge", unit: "%", attributes: [], description: "published by the vendor" },
] satisfies MetricDefinition[]);

/** The fixture layer's catalogue: operations read and write. */
export const FIXTURE_CATALOGUE: LayerCatalogue = Object.freeze({
  layer: FIXTURE_LAYER,
  metrics: FIXTURE_METRICS,
  operations: Object.freeze(["read", "write"]),
});

/** A second layer value, for tests of items from another layer than the endpoint's own. */
export const FIXTURE_OTHER_LAYER: Layer = Object.values(Layer).find((v): v is Layer => typeof v === "number" && v > FIXTURE_LAYER)!;
