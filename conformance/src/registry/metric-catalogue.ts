/** The kind of value a metric's samples carry. */
export type MetricKind = "counter" | "gauge" | "histogram";

/**
 * What a series must add up to over traffic the suite drove on a new resource,
 * per operation: the calls answered OK, the payload bytes they moved, either
 * as a per-second rate over each sample's interval, or the histogram of the
 * duration_ns their records carry; or, for a quantity the layer measures of
 * each call (RequestRecord.measurements, which the call's answer also
 * states), its sum ("measurement-sum") or its histogram
 * ("measurement-histogram").
 */
export type MetricTally = "calls" | "bytes" | "calls-rate" | "bytes-rate" | "latency" | "measurement-sum" | "measurement-histogram";

/** One row of a layer's metric catalogue, as its spec page fixes it. */
export interface CatalogueRow {
  readonly metric: string;
  readonly kind: MetricKind;
  readonly unit: string;
  /** One series per data-path operation, with attribute `operation` (one of the driver's operations); otherwise no attributes. */
  readonly perOperation: boolean;
  readonly tally?: MetricTally;
  /** For the measurement tallies: the name of the measurement (a key of DrivenCall.measurements). */
  readonly measurement?: string;
  /** Bounds every value lies within, inclusive (gauges such as a utilization in 0..100). */
  readonly range?: readonly [number, number];
}

export type MetricCatalogue = readonly CatalogueRow[];
