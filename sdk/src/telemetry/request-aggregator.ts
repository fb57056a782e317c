import type { Layer } from "../gen/strata/core/v1/layer.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import type { RequestInput } from "./request-input.js";

/** The running totals of one (tenant, application, resource, operation). */
export class RequestSeries {
  /** Completed requests and their bytes since the series started (counters). */
  ops = 0;
  bytes = 0;
  /** The same within the current interval, and their latencies. */
  intervalOps = 0;
  intervalBytes = 0;
  readonly latency = new ExponentialHistogram();
  /** The last interval (tick number) with a completed request. */
  lastActiveTick: number;

  constructor(
    readonly tenantId: string,
    readonly applicationId: string,
    readonly resourceId: string,
    readonly operation: string,
    tick: number,
  ) {
    this.lastActiveTick = tick;
  }

  /** Folds the interval into the totals and starts the next one. */
  closeInterval(tick: number): void {
    if (this.intervalOps > 0) this.lastActiveTick = tick;
    this.ops += this.intervalOps;
    this.bytes += this.intervalBytes;
    this.intervalOps = this.intervalBytes = 0;
    this.latency.reset();
  }
}

/**
 * Aggregates request records per series between two ticks. Only completed
 * requests (status OK) of the catalogue's layer count: the catalogue's io.*
 * metrics describe work done, and failures stay visible as request records.
 */
export class RequestAggregator {
  readonly series = new Map<string, RequestSeries>();
  /** The tick number new series start at. */
  tick = 0;

  constructor(private readonly layer: Layer) {}

  add(input: RequestInput): void {
    if (input.statusCode !== 0 || input.layer !== this.layer) return;
    const key = seriesKey(input.tenantId, input.applicationId, input.resourceId, input.operation);
    let series = this.series.get(key);
    if (series === undefined) {
      series = new RequestSeries(input.tenantId, input.applicationId, input.resourceId, input.operation, this.tick);
      this.series.set(key, series);
    }
    series.intervalOps++;
    series.intervalBytes += input.payloadBytes > 0 ? input.payloadBytes : 0;
    series.latency.record(input.durationNs);
  }

  /** The series, created empty if it saw no request yet. */
  ensure(tenantId: string, applicationId: string, resourceId: string, operation: string): RequestSeries {
    const key = seriesKey(tenantId, applicationId, resourceId, operation);
    let series = this.series.get(key);
    if (series === undefined) {
      series = new RequestSeries(tenantId, applicationId, resourceId, operation, this.tick);
      this.series.set(key, series);
    }
    return series;
  }
}

/** One string per series; NUL never appears in ids. Concatenation, because it runs per record. */
export function seriesKey(tenantId: string, applicationId: string, resourceId: string, operation?: string): string {
  const key = tenantId + "\u0000" + applicationId + "\u0000" + resourceId;
  return operation === undefined ? key : key + "\u0000" + operation;
}
