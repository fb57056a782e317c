import { identity } from "./interval-sampler.js";
import { seriesKey } from "./request-aggregator.js";
import type { ItemFilter } from "./item-filter.js";
import type { SampleItem } from "./telemetry-log.js";

/**
 * The most recent sample of every series: what a fresh stream's initial
 * state sends. Entries follow the sampler's series lifetime: one not renewed
 * for forgetAfterIntervals is dropped with its series.
 */
export class LatestSamples {
  private readonly entries = new Map<string, { item: SampleItem; tick: number }>();
  /** Entry keys by (tenant, application, resource), to drop a series that ended early. */
  private readonly bySeries = new Map<string, Set<string>>();

  constructor(private readonly forgetAfterIntervals: number) {}

  get size(): number {
    return this.entries.size;
  }

  set(item: SampleItem, tick: number): void {
    const s = item.sample;
    const key = `${item.intervalMultiple}\u0000${identity(s.metric, s, s.attributes)}`;
    if (!this.entries.has(key)) {
      const owner = seriesKey(s.tenantId, s.applicationId, s.resourceId);
      let keys = this.bySeries.get(owner);
      if (keys === undefined) this.bySeries.set(owner, (keys = new Set()));
      keys.add(key);
    }
    this.entries.set(key, { item, tick });
  }

  /** Drops every latest sample of (tenant, application, resource): its series ended to make room for others. */
  dropSeries(tenantId: string, applicationId: string, resourceId: string): void {
    const owner = seriesKey(tenantId, applicationId, resourceId);
    for (const key of this.bySeries.get(owner) ?? []) this.entries.delete(key);
    this.bySeries.delete(owner);
  }

  /** Forgets series last renewed more than forgetAfterIntervals (of their own length) before tick. */
  expire(tick: number): void {
    for (const [key, entry] of this.entries) {
      if (tick - entry.tick <= this.forgetAfterIntervals * entry.item.intervalMultiple) continue;
      this.entries.delete(key);
      const s = entry.item.sample;
      const owner = seriesKey(s.tenantId, s.applicationId, s.resourceId);
      const keys = this.bySeries.get(owner);
      keys?.delete(key);
      if (keys?.size === 0) this.bySeries.delete(owner);
    }
  }

  /** The latest samples a filter selects, in log order. */
  matching(filter: ItemFilter): SampleItem[] {
    const out: SampleItem[] = [];
    for (const { item } of this.entries.values()) if (filter.matches(item)) out.push(item);
    return out.sort((a, b) => a.sequence - b.sequence);
  }
}
