import type { MetricCatalogue } from "../../../registry/metric-catalogue.js";

/**
 * The fabric metric catalogue as docs/fabric.md fixes it, not as any SDK
 * implements it: the rows of an initiator port (the resource the driver
 * drives): its per-initiator rows and the per-port row. The per-target rows
 * are the congestion check's (FABRIC_TARGET_ROWS).
 */
export const fabricMetricCatalogue: MetricCatalogue = [
  { metric: "strata.fabric.transfer.frames", kind: "counter", unit: "{frame}", perOperation: true, tally: "calls" },
  { metric: "strata.fabric.transfer.bytes", kind: "counter", unit: "By", perOperation: true, tally: "bytes" },
  { metric: "strata.fabric.transfer.frames_rate", kind: "gauge", unit: "{frame}/s", perOperation: true, tally: "calls-rate" },
  { metric: "strata.fabric.transfer.bytes_rate", kind: "gauge", unit: "By/s", perOperation: true, tally: "bytes-rate" },
  {
    metric: "strata.fabric.path.latency", kind: "histogram", unit: "ns", perOperation: true,
    tally: "measurement-histogram", measurement: "path_latency_ns",
  },
  { metric: "strata.fabric.retransmissions", kind: "counter", unit: "{frame}", perOperation: true, tally: "measurement-sum", measurement: "retransmissions" },
  { metric: "strata.fabric.port.utilization", kind: "gauge", unit: "%", perOperation: false, range: [0, 100] },
];

/** The per-target rows of docs/fabric.md: name, kind, unit and attribute keys. */
export const FABRIC_TARGET_ROWS = [
  { metric: "strata.fabric.target.frames_rate", kind: "gauge", unit: "{frame}/s", attributes: [] as string[] },
  { metric: "strata.fabric.target.bytes_rate", kind: "gauge", unit: "By/s", attributes: [] as string[] },
  { metric: "strata.fabric.target.drops_rate", kind: "gauge", unit: "{frame}/s", attributes: ["traffic_class"] },
  { metric: "strata.fabric.port.utilization", kind: "gauge", unit: "%", attributes: [] as string[] },
] as const;
