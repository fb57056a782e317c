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

/**
 * The baseline of one series: the median of its recent in-baseline values
 * and their median absolute deviation (scaled by 1.4826 to estimate a
 * standard deviation), both robust to outliers. A value is out above
 * median + max(k × MAD, relativeFloor × median, absoluteFloorNs); an
 * anomaly is raised after `consecutive` intervals out and clears after as
 * many back in. Values out of the baseline are not learnt, so a fault never
 * becomes the new normal while it lasts.
 */
export class RobustBaseline {
  private readonly values: number[] = [];
  private run = 0;
  private open = false;
  private readonly o: Required<BaselineOptions>;

  constructor(options: BaselineOptions = {}) {
    this.o = { window: 60, warmup: 10, k: 6, relativeFloor: 3, absoluteFloorNs: 5_000_000, consecutive: 3, ...options };
  }

  get intervals(): number {
    return this.values.length;
  }

  get anomalous(): boolean {
    return this.open;
  }

  center(): number {
    return this.values.length > 0 ? median(this.values) : 0;
  }

  spread(): number {
    if (this.values.length === 0) return 0;
    const c = this.center();
    return 1.4826 * median(this.values.map((v) => Math.abs(v - c)));
  }

  /** The value above which an interval is out. */
  threshold(): number {
    const c = this.center();
    return c + Math.max(this.o.k * this.spread(), this.o.relativeFloor * c, this.o.absoluteFloorNs);
  }

  /** How far above its threshold a value is, in units of the threshold's margin (≤ 0: within). */
  excess(value: number): number {
    const c = this.center();
    const margin = this.threshold() - c;
    return margin > 0 ? (value - c) / margin - 1 : 0;
  }

  observe(value: number): Judgement {
    const ready = this.values.length >= this.o.warmup;
    const out = ready && value > this.threshold();
    if (!out) {
      this.values.push(value);
      if (this.values.length > this.o.window) this.values.shift();
    }
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
