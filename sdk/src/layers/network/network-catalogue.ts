import { Layer } from "../../gen/strata/core/v1/layer.js";
import type { LayerCatalogue, MetricDefinition } from "../../telemetry/metric-catalogue.js";

/** The per-network rows: series per (tenant, application, network), traffic rows per operation. */
export const NETWORK_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: "strata.network.traffic.datagrams", kind: "counter", unit: "{datagram}", attributes: ["operation"], source: "requests",
    description: "Datagrams delivered (Sends answered OK) since the series started; failed Sends appear only as records.",
  },
  {
    name: "strata.network.traffic.bytes", kind: "counter", unit: "By", attributes: ["operation"], source: "bytes",
    description: "Payload bytes delivered since the series started.",
  },
  {
    name: "strata.network.traffic.datagrams_rate", kind: "gauge", unit: "{datagram}/s", attributes: ["operation"], source: "request-rate",
    description: "Datagrams delivered per second over the interval.",
  },
  {
    name: "strata.network.traffic.bytes_rate", kind: "gauge", unit: "By/s", attributes: ["operation"], source: "byte-rate",
    description: "Payload bytes delivered per second over the interval.",
  },
  {
    name: "strata.network.delivery.latency", kind: "histogram", unit: "ns", attributes: ["operation"], source: "latency",
    description: "Distribution of the duration_ns of the Sends delivered in the interval.",
  },
  {
    name: "strata.network.drops_rate", kind: "gauge", unit: "{datagram}/s", attributes: [],
    description: "Datagrams dropped on the network per second over the interval.",
  },
  {
    name: "strata.network.queue_depth", kind: "gauge", unit: "{datagram}", attributes: [],
    description: "Datagrams waiting in the receive queues of the network's ports at the end of the interval.",
  },
] satisfies MetricDefinition[]);

/** The per-port rows: series per (tenant, application, port), published by the kit for every port. */
export const PORT_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: "strata.network.port.datagrams_rate", kind: "gauge", unit: "{datagram}/s", attributes: ["direction"],
    description: "Datagrams per second over the interval: sent from the port's endpoint and delivered, or delivered to the port.",
  },
  {
    name: "strata.network.port.bytes_rate", kind: "gauge", unit: "By/s", attributes: ["direction"],
    description: "Payload bytes per second over the interval, per direction (sent, delivered).",
  },
  {
    name: "strata.network.port.utilization", kind: "gauge", unit: "%", attributes: [],
    description: "Payload bytes of the busier direction in the interval over the port's line rate times the interval, times 100, at most 100.",
  },
  {
    name: "strata.network.port.queue_depth", kind: "gauge", unit: "{datagram}", attributes: [],
    description: "Datagrams waiting in the port's receive queue at the end of the interval.",
  },
  {
    name: "strata.network.port.drops_rate", kind: "gauge", unit: "{datagram}/s", attributes: [],
    description: "Datagrams dropped at the port per second over the interval.",
  },
] satisfies MetricDefinition[]);

/** The LAN layer's catalogue: per-network and per-port rows, the one data-path operation "send". */
export const NETWORK_CATALOGUE: LayerCatalogue = Object.freeze({
  layer: Layer.LAYER_NETWORK,
  metrics: Object.freeze([...NETWORK_METRICS, ...PORT_METRICS]),
  operations: Object.freeze(["send"]),
});
