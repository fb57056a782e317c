/**
 * Telemetry for layer endpoints: the recorder a vendor (or the kit) feeds on
 * the data path, the metric catalogue, the exact-merge exponential histogram,
 * and the TelemetryService definition whose streams send pre-encoded bytes.
 */
export { createTelemetryRecorder } from "./telemetry-recorder.js";
export { ExponentialHistogram, MAX_BUCKETS } from "./exponential-histogram.js";
export { telemetryServiceDefinition } from "./telemetry-service-definition.js";
export { DataPathRecord, UNATTRIBUTED } from "./data-path-record.js";

export type {
  TelemetryRecorder, TelemetryRecorderOptions, TelemetryStats, TelemetryLimits, SubscribeHandler,
} from "./telemetry-recorder.js";
export type { RequestInput } from "./request-input.js";
export type { DataPathOwner } from "./data-path-record.js";
export type { GaugeValue, GaugeProvider } from "./interval-sampler.js";
export type { LayerCatalogue, MetricDefinition, MetricKind, MetricSource } from "./metric-catalogue.js";
export type { StreamStats, SubscribeCall } from "./subscriber-stream.js";
