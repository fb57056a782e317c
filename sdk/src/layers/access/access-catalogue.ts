import { Layer } from "../../gen/strata/core/v1/layer.js";
import type { LayerCatalogue, MetricDefinition } from "../../telemetry/metric-catalogue.js";

/** The names of RequestRecord.measurements a Forward record carries. */
export const ACCESS_MEASUREMENTS = Object.freeze({ shapingDelay: "shaping_delay_ns", entryPoint: "entry_point_ns" } as const);

/** The user access layer's catalogue (docs/access.md). Series are per (tenant, application, session). */
export const ACCESS_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: "strata.access.requests", kind: "counter", unit: "{request}", attributes: ["operation"], source: "requests",
    description: "Requests forwarded (answered OK) since the series started; failed ones appear only as records.",
  },
  {
    name: "strata.access.request.rate", kind: "gauge", unit: "{request}/s", attributes: ["operation"], source: "request-rate",
    description: "Requests forwarded per second over the interval.",
  },
  {
    name: "strata.access.bytes", kind: "counter", unit: "By", attributes: ["operation"], source: "bytes",
    description: "Payload bytes carried since the series started, both ways: each request's payload plus its answer's.",
  },
  {
    name: "strata.access.byte.rate", kind: "gauge", unit: "By/s", attributes: ["operation"], source: "byte-rate",
    description: "Payload bytes carried per second over the interval, both ways.",
  },
  {
    name: "strata.access.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "latency",
    description: "Distribution of the access latency (duration_ns) of the requests forwarded in the interval.",
  },
  {
    name: "strata.access.shaping.delay", kind: "histogram", unit: "ns", attributes: ["operation"], source: "measurement-histogram",
    measurement: ACCESS_MEASUREMENTS.shapingDelay,
    description: "Distribution of the shaping_delay_ns of the requests forwarded in the interval.",
  },
  {
    name: "strata.access.entry_point.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "measurement-histogram",
    measurement: ACCESS_MEASUREMENTS.entryPoint,
    description: "Distribution of the entry_point_ns of the requests forwarded in the interval.",
  },
  {
    name: "strata.access.sessions", kind: "gauge", unit: "{session}", attributes: [],
    description: "1 while the session is open at the end of the interval, 0 once it is closed; summed by tenant and application, the open sessions.",
  },
] satisfies MetricDefinition[]);

/** The user access layer's catalogue: series per (tenant, application, session), one operation, "forward". */
export const ACCESS_CATALOGUE: LayerCatalogue = Object.freeze({
  layer: Layer.LAYER_ACCESS,
  metrics: ACCESS_METRICS,
  operations: Object.freeze(["forward"]),
});
