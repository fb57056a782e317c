import type { CatalogueRow, MetricCatalogue } from "../../../registry/metric-catalogue.js";

/**
 * The LAN metric catalogue per network as docs/network.md fixes it, not as
 * any SDK implements it: a vendor is judged by the spec, and the suite keeps
 * its own copy. These are the rows the common checks hold the driven
 * network's samples against.
 */
export const networkMetricCatalogue: MetricCatalogue = [
  { metric: "strata.network.traffic.datagrams", kind: "counter", unit: "{datagram}", perOperation: true, tally: "calls" },
  { metric: "strata.network.traffic.bytes", kind: "counter", unit: "By", perOperation: true, tally: "bytes" },
  { metric: "strata.network.traffic.datagrams_rate", kind: "gauge", unit: "{datagram}/s", perOperation: true, tally: "calls-rate" },
  { metric: "strata.network.traffic.bytes_rate", kind: "gauge", unit: "By/s", perOperation: true, tally: "bytes-rate" },
  { metric: "strata.network.delivery.latency", kind: "histogram", unit: "ns", perOperation: true, tally: "latency" },
  { metric: "strata.network.drops_rate", kind: "gauge", unit: "{datagram}/s", perOperation: false, range: [0, Number.POSITIVE_INFINITY] },
  { metric: "strata.network.queue_depth", kind: "gauge", unit: "{datagram}", perOperation: false, range: [0, Number.POSITIVE_INFINITY] },
];

/** A per-port row of docs/network.md: `direction` is the only attribute a row may have. */
export interface PortCatalogueRow extends Omit<CatalogueRow, "perOperation" | "tally"> {
  readonly perDirection: boolean;
}

/** The per-port rows of the catalogue (docs/network.md), which the suite's own port check holds a port's samples against. */
export const portMetricCatalogue: readonly PortCatalogueRow[] = [
  { metric: "strata.network.port.datagrams_rate", kind: "gauge", unit: "{datagram}/s", perDirection: true, range: [0, Number.POSITIVE_INFINITY] },
  { metric: "strata.network.port.bytes_rate", kind: "gauge", unit: "By/s", perDirection: true, range: [0, Number.POSITIVE_INFINITY] },
  { metric: "strata.network.port.utilization", kind: "gauge", unit: "%", perDirection: false, range: [0, 100] },
  { metric: "strata.network.port.queue_depth", kind: "gauge", unit: "{datagram}", perDirection: false, range: [0, Number.POSITIVE_INFINITY] },
  { metric: "strata.network.port.drops_rate", kind: "gauge", unit: "{datagram}/s", perDirection: false, range: [0, Number.POSITIVE_INFINITY] },
];
