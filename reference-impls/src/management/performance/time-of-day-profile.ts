/** How a series learns its time-of-day profile (docs/performance.md, "Time of day"). */
export interface TimeOfDayOptions {
  /** Length of a time-of-day bucket, ns (default one hour). */
  bucketNs?: bigint;
  /** Length of the cycle the buckets divide, ns (default one day, UTC). */
  cycleNs?: bigint;
  /** Distinct cycles (days) a bucket must have seen before it is used (default 3: a majority of normal days outvotes one bad day). */
  minCycles?: number;
  /** Cycles a bucket remembers (default 7). */
  cycles?: number;
  /** Values a bucket keeps of one cycle, spaced at least bucketNs / perCycle apart (default 12: one every 5 minutes of an hour). */
  perCycle?: number;
}

const HOUR_NS = 3_600_000_000_000n;

/**
 * A series' values by time-of-day bucket (hour of the UTC day by default):
 * each bucket keeps a bounded sample of each of its last days, spread over
 * the bucket, so that its median and MAD describe that time of day across
 * days, in at most 24 × 7 × 12 values per series.
 */
export class TimeOfDayProfile {
  private readonly buckets = new Map<number, Map<number, number[]>>();
  private readonly lastKept = new Map<number, bigint>();
  private readonly o: Required<TimeOfDayOptions>;

  constructor(options: TimeOfDayOptions = {}) {
    this.o = { bucketNs: HOUR_NS, cycleNs: 24n * HOUR_NS, minCycles: 3, cycles: 7, perCycle: 12, ...options };
  }

  private locate(timeUnixNano: bigint): { bucket: number; cycle: number } {
    return { bucket: Number((timeUnixNano % this.o.cycleNs) / this.o.bucketNs), cycle: Number(timeUnixNano / this.o.cycleNs) };
  }

  /** Keeps a value of an interval ending at `timeUnixNano` (unless its bucket already holds enough of that day, or one very close). */
  learn(value: number, timeUnixNano: bigint): void {
    const { bucket, cycle } = this.locate(timeUnixNano);
    const last = this.lastKept.get(bucket);
    if (last !== undefined && timeUnixNano - last < this.o.bucketNs / BigInt(this.o.perCycle)) return;
    const days = this.buckets.get(bucket) ?? new Map<number, number[]>();
    this.buckets.set(bucket, days);
    const values = days.get(cycle) ?? [];
    if (values.length >= this.o.perCycle) return;
    days.set(cycle, values);
    values.push(value);
    this.lastKept.set(bucket, timeUnixNano);
    for (const day of days.keys()) if (day <= cycle - this.o.cycles) days.delete(day);
  }

  /** The values of the bucket of `timeUnixNano` once it has seen `minCycles` days and at least `minValues` values; undefined before. */
  values(timeUnixNano: bigint, minValues: number): number[] | undefined {
    const days = this.buckets.get(this.locate(timeUnixNano).bucket);
    if (!days || days.size < this.o.minCycles) return undefined;
    const values = [...days.values()].flat();
    return values.length >= minValues ? values : undefined;
  }
}
