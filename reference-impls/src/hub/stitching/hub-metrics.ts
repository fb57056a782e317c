import type { MetricDefinition } from "@strata/sdk/server";

/** End-to-end latency of the complete transactions judged in the interval (docs/hub.md, "Derived samples"). */
export const TRANSACTION_LATENCY = "strata.hub.transaction.latency";
/** A layer's share of the complete transactions judged in the interval that have a hop in it. */
export const TRANSACTION_LAYER_TIME = "strata.hub.transaction.layer_time";
/** Transactions judged, cumulative, by completeness. */
export const TRANSACTION_COUNT = "strata.hub.transaction.count";

/** The hub's derived metrics, as docs/hub.md lists them. */
export const HUB_METRICS: readonly MetricDefinition[] = Object.freeze([
  { name: TRANSACTION_LATENCY, kind: "histogram", unit: "ns", attributes: ["layer"], description: "end-to-end latency of the complete transactions judged in the interval" },
  { name: TRANSACTION_LAYER_TIME, kind: "histogram", unit: "ns", attributes: ["layer"], description: "a layer's share of the complete transactions judged in the interval that have a hop in it" },
  { name: TRANSACTION_COUNT, kind: "counter", unit: "{transaction}", attributes: ["layer", "completeness"], description: "transactions judged, cumulative, by completeness" },
] satisfies MetricDefinition[]);
