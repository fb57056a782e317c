import { Layer } from "../../gen/strata/core/v1/layer.js";
import type { LayerCatalogue, MetricDefinition } from "../../telemetry/metric-catalogue.js";

/** The names of RequestRecord.measurements a Transfer record carries. */
export const FABRIC_MEASUREMENTS = Object.freeze({ pathLatency: "path_latency_ns", retransmissions: "retransmissions" } as const);

/** The one data-path operation of the fabric: RequestRecord.operation of every Transfer. */
export const TRANSFER_OPERATION = "transfer";

/**
 * The fabric layer's catalogue (docs/fabric.md): per initiator (the records'
 * resource), per port and per target. The per-port and per-target rows are
 * the kit's gauges.
 */
export const FABRIC_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: "strata.fabric.transfer.frames", kind: "counter", unit: "{frame}", attributes: ["operation"], source: "requests",
    description: "Frames of the Transfers answered OK since the series started (failed ones appear only as records).",
  },
  {
    name: "strata.fabric.transfer.bytes", kind: "counter", unit: "By", attributes: ["operation"], source: "bytes",
    description: "Payload bytes of the frames of the Transfers answered OK since the series started.",
  },
  {
    name: "strata.fabric.transfer.frames_rate", kind: "gauge", unit: "{frame}/s", attributes: ["operation"], source: "request-rate",
    description: "Frames of Transfers answered OK per second over the interval.",
  },
  {
    name: "strata.fabric.transfer.bytes_rate", kind: "gauge", unit: "By/s", attributes: ["operation"], source: "byte-rate",
    description: "Payload bytes of those frames per second over the interval.",
  },
  {
    name: "strata.fabric.path.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "measurement-histogram",
    measurement: FABRIC_MEASUREMENTS.pathLatency,
    description: "Distribution of the path_latency_ns of the Transfers answered OK in the interval.",
  },
  {
    name: "strata.fabric.retransmissions", kind: "counter", unit: "{frame}", attributes: ["operation"], source: "measurement-sum",
    measurement: FABRIC_MEASUREMENTS.retransmissions,
    description: "Retransmissions of the frames of the Transfers answered OK since the series started.",
  },
  {
    name: "strata.fabric.port.utilization", kind: "gauge", unit: "%", attributes: [],
    description: "Payload bytes the port's link carried in the interval over its line rate times the interval, times 100; at most 100.",
  },
  {
    name: "strata.fabric.target.frames_rate", kind: "gauge", unit: "{frame}/s", attributes: [],
    description: "Frames delivered to the target per second over the interval.",
  },
  {
    name: "strata.fabric.target.bytes_rate", kind: "gauge", unit: "By/s", attributes: [],
    description: "Payload bytes delivered to the target per second over the interval.",
  },
  {
    name: "strata.fabric.target.drops_rate", kind: "gauge", unit: "{frame}/s", attributes: ["traffic_class"],
    description: "Frames bound for the target dropped per second over the interval, per traffic class (always 0 for TRAFFIC_CLASS_LOSSLESS).",
  },
] satisfies MetricDefinition[]);

/** The fabric layer's catalogue: series per (tenant, application, port), one operation, "transfer". */
export const FABRIC_CATALOGUE: LayerCatalogue = Object.freeze({
  layer: Layer.LAYER_FABRIC,
  metrics: FABRIC_METRICS,
  operations: Object.freeze([TRANSFER_OPERATION]),
});
