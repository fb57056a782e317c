import { identity } from "./interval-sampler.js";
import type { ItemFilter } from "./item-filter.js";
import type { SampleItem } from "./telemetry-log.js";

interface Entry {
  item: SampleItem;
  tick: number;
}

/**
 * The most recent sample of every series: what a fresh stream's initial
 * state sends. Entries follow the sampler's series lifetime: one not renewed
 * for forgetAfterIntervals is dropped with its series, and every entry of a
 * resource goes when the resource does (dropResource).
 */
export class LatestSamples {
  private readonly entries = new Map<string, Entry>();
  /** Entry keys by resource id, to drop a series or a resource that ended. */
  private readonly byResource = new Map<string, Set<string>>();

  constructor(private readonly forgetAfterIntervals: number) {}

  get size(): number {
    return this.entries.size;
  }

  set(item: SampleItem, tick: number): void {
    const s = item.sample;
    const key = `${item.intervalMultiple}\u0000${identity(s.metric, s, s.attributes)}`;
    if (!this.entries.has(key)) {
      let keys = this.byResource.get(s.resourceId);
      if (keys === undefined) this.byResource.set(s.resourceId, (keys = new Set()));
      keys.add(key);
    }
    this.entries.set(key, { item, tick });
  }

  /** Drops every latest sample of (tenant, application, resource): its series ended to make room for others. */
  dropSeries(tenantId: string, applicationId: string, resourceId: string): void {
    this.dropWhere(resourceId, (s) => s.tenantId === tenantId && s.applicationId === applicationId);
  }

  /** Drops every latest sample of a resource that is gone, whoever's series they are. */
  dropResource(resourceId: string): void {
    this.dropWhere(resourceId, () => true);
  }

  /** Forgets series last renewed more than forgetAfterIntervals (of their own length) before tick. */
  expire(tick: number): void {
    for (const [key, entry] of this.entries) {
      if (tick - entry.tick <= this.forgetAfterIntervals * entry.item.intervalMultiple) continue;
      this.entries.delete(key);
      this.unindex(entry.item.sample.resourceId, key);
    }
  }

  /** The latest samples a filter selects, in log order. */
  matching(filter: ItemFilter): SampleItem[] {
    const out: SampleItem[] = [];
    for (const { item } of this.entries.values()) if (filter.matches(item)) out.push(item);
    return out.sort((a, b) => a.sequence - b.sequence);
  }

  private dropWhere(resourceId: string, drop: (sample: SampleItem["sample"]) => boolean): void {
    for (const key of this.byResource.get(resourceId) ?? []) {
      const entry = this.entries.get(key);
      if (entry && !drop(entry.item.sample)) continue;
      this.entries.delete(key);
      this.unindex(resourceId, key);
    }
  }

  private unindex(resourceId: string, key: string): void {
    const keys = this.byResource.get(resourceId);
    keys?.delete(key);
    if (keys?.size === 0) this.byResource.delete(resourceId);
  }
}
