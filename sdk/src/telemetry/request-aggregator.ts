import type { Layer } from "../gen/strata/core/v1/layer.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import type { MetricDefinition } from "./metric-catalogue.js";
import type { RequestInput } from "./request-input.js";
import { OVERFLOW_ID, TenantSeriesCap } from "./series-cap.js";

/**
 * The request measurements a catalogue aggregates (RequestInput.measurements):
 * each name summed, and those in `distributions` also recorded in a histogram.
 */
export interface MeasurementLayout {
  readonly names: readonly string[];
  /** For each of `names`, whether its values go into a histogram too. */
  readonly distributions: readonly boolean[];
}

/** No measurement aggregated. */
export const NO_MEASUREMENTS: MeasurementLayout = Object.freeze({ names: [], distributions: [] });

/** The measurements a catalogue's measurement-sum and measurement-histogram metrics aggregate, each once. */
export function measurementLayoutOf(metrics: readonly MetricDefinition[]): MeasurementLayout {
  const names: string[] = [];
  const distributions: boolean[] = [];
  for (const metric of metrics) {
    if (metric.source !== "measurement-sum" && metric.source !== "measurement-histogram") continue;
    if (!metric.measurement) throw new TypeError(`metric ${metric.name}: source ${metric.source} needs the measurement it aggregates`);
    let i = names.indexOf(metric.measurement);
    if (i < 0) i = names.push(metric.measurement) - 1;
    distributions[i] = distributions[i] === true || metric.source === "measurement-histogram";
  }
  return { names, distributions };
}

/** The running totals of one (tenant, application, resource, operation), or of a tenant's overflow series. */
export class RequestSeries {
  /** Completed requests and their bytes since the series started (counters). */
  ops = 0;
  bytes = 0;
  /** The same within the current interval, and their latencies. */
  intervalOps = 0;
  intervalBytes = 0;
  readonly latency = new ExponentialHistogram();
  /** Per measurement of the layout: its sum since the series started, within the interval, and the interval's histogram. */
  readonly measured: number[];
  readonly intervalMeasured: number[];
  readonly measuredHistograms: Array<ExponentialHistogram | undefined>;
  /** The last interval (tick number) with a completed request. */
  lastActiveTick: number;

  constructor(
    readonly tenantId: string,
    readonly applicationId: string,
    readonly resourceId: string,
    /** "" for an overflow series, which folds every operation. */
    readonly operation: string,
    tick: number,
    /** When its counters began: the start of the interval the series was created in (Counter.series_start_time_unix_nano). */
    readonly startTimeUnixNano: bigint,
    /** True for the tenant's overflow series. */
    readonly overflow = false,
    layout: MeasurementLayout = NO_MEASUREMENTS,
  ) {
    this.lastActiveTick = tick;
    this.measured = layout.names.map(() => 0);
    this.intervalMeasured = layout.names.map(() => 0);
    this.measuredHistograms = layout.distributions.map((d) => (d ? new ExponentialHistogram() : undefined));
  }

  /** Folds the interval into the totals and starts the next one. */
  closeInterval(tick: number): void {
    if (this.intervalOps > 0) this.lastActiveTick = tick;
    this.ops += this.intervalOps;
    this.bytes += this.intervalBytes;
    this.intervalOps = this.intervalBytes = 0;
    this.latency.reset();
    for (let i = 0; i < this.measured.length; i++) {
      this.measured[i]! += this.intervalMeasured[i]!;
      this.intervalMeasured[i] = 0;
      this.measuredHistograms[i]?.reset();
    }
  }
}

/**
 * Aggregates request records per series between two ticks. Only completed
 * requests (status OK) of the catalogue's layer count: the catalogue's io.*
 * metrics describe work done, and failures stay visible as request records.
 * A tenant has at most maxSeriesPerTenant series; beyond it, requests fold
 * into the tenant's one overflow series.
 */
export class RequestAggregator {
  readonly series = new Map<string, RequestSeries>();
  /** The tick number new series start at. */
  tick = 0;
  /** The start of the current interval, UNIX epoch ns: new series count from it. */
  intervalStartNs = 0n;
  // tenant → application → resource → operation → series. Nested maps, because
  // building a composite key string per record costs more than four lookups.
  private readonly index = new Map<string, Map<string, Map<string, Map<string, RequestSeries>>>>();
  private readonly overflows = new Map<string, RequestSeries>();
  private readonly cap: TenantSeriesCap;
  /** Per tenant, idle series (see offer()): their places go to new series before any overflow. */
  private readonly ended = new Map<string, RequestSeries[]>();
  private readonly sorted = new WeakSet<RequestSeries[]>();
  /** Called for a series that gave its place to a new one. */
  onEvict: (series: RequestSeries) => void = () => {};

  constructor(private readonly layer: Layer, maxSeriesPerTenant: number, private readonly layout: MeasurementLayout = NO_MEASUREMENTS) {
    this.cap = new TenantSeriesCap(maxSeriesPerTenant);
  }

  /**
   * Marks a series idle in the interval that just closed (no owner pins it):
   * when its tenant is at the cap, the place of the series idle the longest
   * goes to a new series, and it ends early (a comeback then starts a new
   * count, with a new start time). Offers last one interval: the sampler
   * makes them anew each tick.
   */
  offer(series: RequestSeries): void {
    if (series.overflow) return;
    let list = this.ended.get(series.tenantId);
    if (list === undefined) this.ended.set(series.tenantId, (list = []));
    list.push(series);
  }

  /** Withdraws every offer (at the start of each interval's sampling). */
  clearOffers(): void {
    this.ended.clear();
  }

  add(input: RequestInput): void {
    if (input.statusCode !== 0 || input.layer !== this.layer) return;
    const series = this.index.get(input.tenantId)?.get(input.applicationId)?.get(input.resourceId)?.get(input.operation)
      ?? this.ensure(input.tenantId, input.applicationId, input.resourceId, input.operation);
    series.intervalOps++;
    series.intervalBytes += input.payloadBytes > 0 ? input.payloadBytes : 0;
    series.latency.record(input.durationNs);
    const measured = input.measurements;
    if (measured === undefined) return;
    const { names } = this.layout;
    for (let i = 0; i < names.length; i++) {
      const value = measured[names[i]!];
      if (value === undefined || !(value >= 0)) continue;
      series.intervalMeasured[i]! += value;
      series.measuredHistograms[i]?.record(value);
    }
  }

  /** The series, created empty if it saw no request yet; the tenant's overflow series when it is at the cap. */
  ensure(tenantId: string, applicationId: string, resourceId: string, operation: string): RequestSeries {
    const key = seriesKey(tenantId, applicationId, resourceId, operation);
    let series = this.series.get(key);
    if (series !== undefined) return series;
    if (!this.cap.admit(tenantId) && !(this.evictOne(tenantId) && this.cap.admit(tenantId))) return this.overflowOf(tenantId);
    series = new RequestSeries(tenantId, applicationId, resourceId, operation, this.tick, this.intervalStartNs, false, this.layout);
    this.series.set(key, series);
    child(child(child(this.index, tenantId), applicationId), resourceId).set(operation, series);
    return series;
  }

  /** Forgets a series (it went idle). */
  delete(series: RequestSeries): void {
    if (series.overflow) {
      this.overflows.delete(series.tenantId);
      this.series.delete(overflowKey(series.tenantId));
      return;
    }
    this.cap.release(series.tenantId);
    this.series.delete(seriesKey(series.tenantId, series.applicationId, series.resourceId, series.operation));
    const byApplication = this.index.get(series.tenantId);
    const byResource = byApplication?.get(series.applicationId);
    const byOperation = byResource?.get(series.resourceId);
    byOperation?.delete(series.operation);
    if (byOperation?.size === 0) byResource!.delete(series.resourceId);
    if (byResource?.size === 0) byApplication!.delete(series.applicationId);
    if (byApplication?.size === 0) this.index.delete(series.tenantId);
  }

  /** Ends the tenant's offered series idle the longest that is still idle; false when none is left. */
  private evictOne(tenantId: string): boolean {
    const list = this.ended.get(tenantId);
    if (list && !this.sorted.has(list)) {
      list.sort((x, y) => y.lastActiveTick - x.lastActiveTick);
      this.sorted.add(list);
    }
    while (list && list.length > 0) {
      const candidate = list.pop()!;
      const key = seriesKey(candidate.tenantId, candidate.applicationId, candidate.resourceId, candidate.operation);
      if (this.series.get(key) !== candidate || candidate.intervalOps > 0) continue;
      this.delete(candidate);
      this.onEvict(candidate);
      return true;
    }
    return false;
  }

  private overflowOf(tenantId: string): RequestSeries {
    let series = this.overflows.get(tenantId);
    if (series === undefined) {
      series = new RequestSeries(tenantId, OVERFLOW_ID, OVERFLOW_ID, "", this.tick, this.intervalStartNs, true, this.layout);
      this.overflows.set(tenantId, series);
      this.series.set(overflowKey(tenantId), series);
    }
    return series;
  }
}

function child<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let next = map.get(key);
  if (next === undefined) map.set(key, (next = new Map()));
  return next;
}

/** One string per series; NUL never appears in ids. Concatenation, because it runs per record. */
export function seriesKey(tenantId: string, applicationId: string, resourceId: string, operation?: string): string {
  const key = tenantId + "\u0000" + applicationId + "\u0000" + resourceId;
  return operation === undefined ? key : key + "\u0000" + operation;
}

/** The key of a tenant's overflow series, apart from every real series' key. */
function overflowKey(tenantId: string): string {
  return `${tenantId}\u0000${OVERFLOW_ID}\u0000${OVERFLOW_ID}\u0000\u0001`;
}
