import { Layer } from "../gen/strata/core/v1/layer.js";

/** How a metric's value is shaped on the wire (MetricSample.value). */
export type MetricKind = "counter" | "gauge" | "histogram";

/**
 * What the telemetry recorder derives a metric from. Metrics without one are
 * published by the vendor through registerGauges().
 * - requests / bytes: cumulative count of request records / their payload bytes
 * - request-rate / byte-rate: the same per second over the interval
 * - latency: histogram of request durations over the interval
 * - in-flight: time-weighted mean of requests in flight (trackInFlight())
 */
export type MetricSource = "requests" | "bytes" | "request-rate" | "byte-rate" | "latency" | "in-flight";

/** One metric of a layer's standard catalogue: every vendor of the layer MUST publish it. */
export interface MetricDefinition {
  /** Dotted name, for example "strata.storage.io.ops". */
  readonly name: string;
  readonly kind: MetricKind;
  /** UCUM unit, for example "{op}/s", "By", "ns", "%". */
  readonly unit: string;
  /** Series attribute keys (MetricSample.attributes) besides tenant, application and resource. */
  readonly attributes: readonly string[];
  readonly description: string;
  /** Set when the recorder computes the metric itself from records or in-flight tracking. */
  readonly source?: MetricSource;
}

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

/** The operations of the storage data path (RequestRecord.operation). */
export const STORAGE_OPERATIONS: readonly string[] = Object.freeze(["read", "write"]);

const CATALOGUES: ReadonlyMap<Layer, readonly MetricDefinition[]> = new Map([[Layer.LAYER_STORAGE, STORAGE_METRICS]]);
const OPERATIONS: ReadonlyMap<Layer, readonly string[]> = new Map([[Layer.LAYER_STORAGE, STORAGE_OPERATIONS]]);

/** The metrics every vendor of a layer MUST publish; empty for layers without a catalogue yet. */
export function catalogueFor(layer: Layer): MetricDefinition[] {
  return [...(CATALOGUES.get(layer) ?? [])];
}

/** The data-path operations a layer's catalogue names; empty for layers without a catalogue yet. */
export function operationsFor(layer: Layer): string[] {
  return [...(OPERATIONS.get(layer) ?? [])];
}
