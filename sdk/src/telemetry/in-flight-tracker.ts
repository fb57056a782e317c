import { seriesKey } from "./request-aggregator.js";
import { OVERFLOW_ID, TenantSeriesCap } from "./series-cap.js";

/** Requests in flight on one (tenant, application, resource), integrated over time. */
export class InFlightSeries {
  current = 0;
  /** In-flight count × milliseconds accumulated in the current interval. */
  area = 0;
  /** Time-weighted mean of the last closed interval. */
  mean = 0;
  lastActiveTick = 0;

  constructor(
    readonly tenantId: string,
    readonly applicationId: string,
    readonly resourceId: string,
    public since: number,
    /** True for the tenant's overflow series. */
    readonly overflow = false,
  ) {}

  /** Adds the area since the last change, at time now. */
  advance(now: number): void {
    this.area += this.current * (now - this.since);
    this.since = now;
  }
}

/**
 * Queue depth as the time-weighted mean of requests in flight: every start
 * and finish adds (in-flight × elapsed) to an integral that the interval
 * divides by its length. Unlike sampling, it sees bursts shorter than the
 * interval, and costs one clock read per start and finish. A tenant has at
 * most maxSeriesPerTenant series; beyond it, requests count in its overflow
 * series.
 */
export class InFlightTracker {
  readonly series = new Map<string, InFlightSeries>();
  private intervalStart: number;
  private readonly cap: TenantSeriesCap;
  /** Per tenant, idle series whose places go to new series before any overflow (see RequestAggregator.offer). */
  private readonly ended = new Map<string, Array<[string, InFlightSeries]>>();
  /** Called for a series that gave its place to a new one. */
  onEvict: (series: InFlightSeries) => void = () => {};

  constructor(private readonly clockMs: () => number, maxSeriesPerTenant: number) {
    this.intervalStart = clockMs();
    this.cap = new TenantSeriesCap(maxSeriesPerTenant);
  }

  /** Marks an idle series (nothing in flight during the last interval, no owner) whose place may go to a new series. */
  offer(key: string, series: InFlightSeries): void {
    if (series.overflow) return;
    let list = this.ended.get(series.tenantId);
    if (list === undefined) this.ended.set(series.tenantId, (list = []));
    list.push([key, series]);
  }

  /** Withdraws every offer. */
  clearOffers(): void {
    this.ended.clear();
  }

  /** Counts one request in flight; call the returned function (once) when it is answered. */
  track(tenantId: string, applicationId: string, resourceId: string): () => void {
    const s = this.ensure(tenantId, applicationId, resourceId) ?? this.overflowOf(tenantId);
    s.advance(this.clockMs());
    s.current++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      s.advance(this.clockMs());
      s.current--;
    };
  }

  /**
   * The series, created idle when there is none (an owner's series takes its
   * place under the cap like any other). Undefined when the tenant is at the
   * cap with no idle series to end.
   */
  ensure(tenantId: string, applicationId: string, resourceId: string): InFlightSeries | undefined {
    const key = seriesKey(tenantId, applicationId, resourceId);
    const existing = this.series.get(key);
    if (existing !== undefined) return existing;
    if (!this.cap.admit(tenantId) && !(this.evictOne(tenantId) && this.cap.admit(tenantId))) return undefined;
    const series = new InFlightSeries(tenantId, applicationId, resourceId, this.clockMs());
    this.series.set(key, series);
    return series;
  }

  /** The tenant's overflow series, created when it has none. */
  private overflowOf(tenantId: string): InFlightSeries {
    const key = seriesKey(tenantId, OVERFLOW_ID, OVERFLOW_ID);
    let series = this.series.get(key);
    if (series === undefined) this.series.set(key, (series = new InFlightSeries(tenantId, OVERFLOW_ID, OVERFLOW_ID, this.clockMs(), true)));
    return series;
  }

  /** Computes every series' mean over the interval that ends now and starts the next. */
  closeInterval(tick: number): void {
    const now = this.clockMs();
    const length = now - this.intervalStart;
    this.intervalStart = now;
    for (const s of this.series.values()) {
      s.advance(now);
      s.mean = length > 0 ? s.area / length : s.current;
      s.area = 0;
      if (s.mean > 0 || s.current > 0) s.lastActiveTick = tick;
    }
  }

  private evictOne(tenantId: string): boolean {
    const list = this.ended.get(tenantId);
    while (list && list.length > 0) {
      const [key, candidate] = list.pop()!;
      if (this.series.get(key) !== candidate || candidate.current > 0) continue;
      this.forget(key, candidate);
      this.onEvict(candidate);
      return true;
    }
    return false;
  }

  /** Forgets an idle series. */
  forget(key: string, series: InFlightSeries): void {
    this.series.delete(key);
    if (!series.overflow) this.cap.release(series.tenantId);
  }

  /** The series of a resource, if any request was ever tracked on it. */
  get(tenantId: string, applicationId: string, resourceId: string): InFlightSeries | undefined {
    return this.series.get(seriesKey(tenantId, applicationId, resourceId));
  }
}
