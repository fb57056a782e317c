import { TimeOfDayProfile, type TimeOfDayOptions } from "./time-of-day-profile.js";

/** How a baseline learns and judges (docs/performance.md, "Baselines"). */
export interface BaselineOptions {
  /** Intervals the baseline remembers (default 60). */
  window?: number;
  /** Intervals it must have learnt before it judges (default 10). */
  warmup?: number;
  /** How many scaled MADs above the median a value must be to be out (default 6). */
  k?: number;
  /** A value must also exceed the median by this fraction of it (default 3: four times the median). */
  relativeFloor?: number;
  /** …and by at least this much, ns (default 5 ms). */
  absoluteFloorNs?: number;
  /** Consecutive intervals out before an anomaly is raised, and back in before it clears (default 3). */
  consecutive?: number;
  /** The time-of-day profile (default: hours of the UTC day, used after 3 days); false: none. */
  timeOfDay?: TimeOfDayOptions | false;
}

/** What one interval's value did to the baseline. */
export interface Judgement {
  out: boolean;
  raised: boolean;
  cleared: boolean;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A centre and a spread: the median of some values and their median absolute deviation, scaled by 1.4826. */
interface Robust {
  center: number;
  spread: number;
}

const robustOf = (values: readonly number[]): Robust => {
  if (values.length === 0) return { center: 0, spread: 0 };
  const center = median(values);
  return { center, spread: 1.4826 * median(values.map((v) => Math.abs(v - center))) };
};

/**
 * The baseline of one series: the median of its recent in-baseline values
 * and their median absolute deviation (scaled by 1.4826 to estimate a
 * standard deviation), both robust to outliers. A value is out above
 * median + max(k × MAD, relativeFloor × median, absoluteFloorNs); an
 * anomaly is raised after `consecutive` intervals out and clears after as
 * many back in. Values out of the baseline are not learnt, so a fault never
 * becomes the new normal while it lasts.
 *
 * Time of day: given the time of each interval, the series also keeps a
 * TimeOfDayProfile, and judges an interval by its time of day's median and
 * MAD once that bucket has seen enough days, by the recent window before.
 * A bucket not yet in use learns every value (it is learning the pattern,
 * judging nothing); once in use, only the values within it.
 */
export class RobustBaseline {
  private readonly values: number[] = [];
  private readonly profile: TimeOfDayProfile | undefined;
  private run = 0;
  private open = false;
  private at: bigint | undefined;
  private readonly o: Required<Omit<BaselineOptions, "timeOfDay">>;

  constructor(options: BaselineOptions = {}) {
    const { timeOfDay, ...rest } = options;
    this.o = { window: 60, warmup: 10, k: 6, relativeFloor: 3, absoluteFloorNs: 5_000_000, consecutive: 3, ...rest };
    this.profile = timeOfDay === false ? undefined : new TimeOfDayProfile(timeOfDay);
  }

  /** Intervals in the recent window. */
  get intervals(): number {
    return this.values.length;
  }

  get anomalous(): boolean {
    return this.open;
  }

  /** Whether the time of the last interval judged had a time-of-day baseline (which center(), spread() and threshold() then give). */
  get timeOfDay(): boolean {
    return this.seasonal(this.at) !== undefined;
  }

  private seasonal(at: bigint | undefined): number[] | undefined {
    return at === undefined ? undefined : this.profile?.values(at, this.o.warmup);
  }

  /** The baseline in force at a time: its time-of-day bucket's when that has enough history, the recent window's otherwise. */
  private active(at = this.at): Robust {
    return robustOf(this.seasonal(at) ?? this.values);
  }

  center(): number {
    return this.active().center;
  }

  spread(): number {
    return this.active().spread;
  }

  /** The value above which an interval is out. */
  threshold(at = this.at): number {
    const { center, spread } = this.active(at);
    return center + Math.max(this.o.k * spread, this.o.relativeFloor * center, this.o.absoluteFloorNs);
  }

  /** How far above its threshold a value is, in units of the threshold's margin (≤ 0: within). */
  excess(value: number): number {
    const c = this.center();
    const margin = this.threshold() - c;
    return margin > 0 ? (value - c) / margin - 1 : 0;
  }

  /** Judges and learns one interval's value; `timeUnixNano` (its end) makes the baseline time-of-day aware. */
  observe(value: number, timeUnixNano?: bigint): Judgement {
    if (timeUnixNano !== undefined && timeUnixNano > 0n) this.at = timeUnixNano;
    const inUse = this.seasonal(this.at) !== undefined;
    const ready = inUse || this.values.length >= this.o.warmup;
    const out = ready && value > this.threshold();
    if (!out) {
      this.values.push(value);
      if (this.values.length > this.o.window) this.values.shift();
    }
    if (this.at !== undefined && (!out || !inUse)) this.profile?.learn(value, this.at);
    this.run = out === this.open ? 0 : this.run + 1;
    let raised = false;
    let cleared = false;
    if (this.run >= this.o.consecutive) {
      this.open = out;
      this.run = 0;
      raised = out;
      cleared = !out;
    }
    return { out, raised, cleared };
  }
}
