import type { Layer } from "../gen/strata/core/v1/layer.js";

/** How a metric's value is shaped on the wire (MetricSample.value). */
export type MetricKind = "counter" | "gauge" | "histogram";

/**
 * What the telemetry recorder derives a metric from. Metrics without one are
 * published by the vendor through registerGauges().
 * - requests / bytes: cumulative count of request records / their payload bytes
 * - request-rate / byte-rate: the same per second over the interval
 * - latency: histogram of request durations over the interval
 * - in-flight: time-weighted mean of requests in flight (trackInFlight())
 * - measurement-sum: cumulative sum of one of the records' measurements
 *   (RequestInput.measurements, named by MetricDefinition.measurement)
 * - measurement-histogram: histogram of that measurement over the interval
 */
export type MetricSource =
  | "requests" | "bytes" | "request-rate" | "byte-rate" | "latency" | "in-flight" | "measurement-sum" | "measurement-histogram";

/** One metric of a layer's standard catalogue: every vendor of the layer MUST publish it. */
export interface MetricDefinition {
  /** Dotted name, "strata.<layer>.<group>.<name>". */
  readonly name: string;
  readonly kind: MetricKind;
  /** UCUM unit, for example "{op}/s", "By", "ns", "%". */
  readonly unit: string;
  /** Series attribute keys (MetricSample.attributes) besides tenant, application and resource. */
  readonly attributes: readonly string[];
  readonly description: string;
  /** Set when the recorder computes the metric itself from records or in-flight tracking. */
  readonly source?: MetricSource;
  /** For the measurement sources: the RequestRecord.measurements name the metric aggregates (for example "cpu_time_ns"). */
  readonly measurement?: string;
}

/**
 * A layer's standard catalogue, as its kit hands it to the telemetry recorder:
 * the metrics every vendor of the layer MUST publish and the operations of its
 * data path (RequestRecord.operation).
 */
export interface LayerCatalogue {
  /** The layer the samples and records carry. */
  readonly layer: Layer;
  readonly metrics: readonly MetricDefinition[];
  /** The data-path operations, for example "read" and "write". */
  readonly operations: readonly string[];
}
