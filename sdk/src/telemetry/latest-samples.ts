import { identity } from "./interval-sampler.js";
import type { ItemFilter } from "./item-filter.js";
import type { SampleItem } from "./telemetry-log.js";

/**
 * The most recent sample of every series: what a fresh stream's initial
 * state sends. Entries follow the sampler's series lifetime: one not renewed
 * for forgetAfterIntervals is dropped with its series.
 */
export class LatestSamples {
  private readonly entries = new Map<string, { item: SampleItem; tick: number }>();

  constructor(private readonly forgetAfterIntervals: number) {}

  get size(): number {
    return this.entries.size;
  }

  set(item: SampleItem, tick: number): void {
    const s = item.sample;
    this.entries.set(`${item.intervalMultiple}\u0000${identity(s.metric, s, s.attributes)}`, { item, tick });
  }

  /** Forgets series last renewed more than forgetAfterIntervals (of their own length) before tick. */
  expire(tick: number): void {
    for (const [key, entry] of this.entries) {
      if (tick - entry.tick > this.forgetAfterIntervals * entry.item.intervalMultiple) this.entries.delete(key);
    }
  }

  /** The latest samples a filter selects, in log order. */
  matching(filter: ItemFilter): SampleItem[] {
    const out: SampleItem[] = [];
    for (const { item } of this.entries.values()) if (filter.matches(item)) out.push(item);
    return out.sort((a, b) => a.sequence - b.sequence);
  }
}
