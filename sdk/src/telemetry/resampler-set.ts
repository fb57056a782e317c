import { StrataError } from "../errors/strata-error.js";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { IntervalResampler } from "./interval-resampler.js";
import type { TelemetryLog } from "./telemetry-log.js";

/**
 * The longer sample intervals streams ask for. Merged samples are log items
 * of their own (with their interval multiple), so that sequences, resume,
 * watermarks and gaps work for them exactly as for base samples; they are
 * produced only while some stream uses the interval, and for keepWindows
 * windows after, so that such a stream can resume.
 */
export class ResamplerSet {
  private readonly resamplers = new Map<number, IntervalResampler>();
  private readonly users = new Map<number, number>();
  private tick = 0;

  constructor(
    private readonly log: TelemetryLog,
    /** Logs merged samples (of `multiple` base intervals) and makes them the latest of their series. */
    private readonly append: (samples: MetricSample[], multiple: number) => void,
    /** Distinct sample intervals served at once, the base one included (Limits.max_sample_intervals). */
    private readonly maxIntervals = 16,
    private readonly keepWindows = 10,
  ) {}

  /**
   * A stream of `multiple` base intervals starts. A new interval starts its
   * first window from the base samples the log still holds, and merges the
   * window before it at once, so that the stream's initial state is not empty.
   * Returns the function to call when the stream ends.
   */
  acquire(multiple: number): () => void {
    if (multiple === 1) return () => {};
    let resampler = this.resamplers.get(multiple);
    if (!resampler) {
      if (this.resamplers.size + 1 >= this.maxIntervals) {
        throw StrataError.limitExceeded("max_sample_intervals",
          `sample_interval_ns: this endpoint serves at most ${this.maxIntervals} distinct sample intervals at once`);
      }
      resampler = new IntervalResampler(multiple);
      this.backfill(resampler);
      this.resamplers.set(multiple, resampler);
    }
    this.users.set(multiple, (this.users.get(multiple) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users.set(multiple, this.users.get(multiple)! - 1);
      resampler.lastUsedTick = this.tick;
    };
  }

  /** Feeds one interval's base samples; closes the windows that end at this tick. */
  onTick(samples: readonly MetricSample[], tick: number): void {
    this.tick = tick;
    for (const [multiple, resampler] of this.resamplers) {
      for (const sample of samples) resampler.add(sample);
      if (tick % multiple === 0) this.append(resampler.close(), multiple);
      if ((this.users.get(multiple) ?? 0) > 0) resampler.lastUsedTick = tick;
      else if (tick - resampler.lastUsedTick > this.keepWindows * multiple) this.resamplers.delete(multiple);
    }
  }

  /** Logs the final merged samples of resources that are gone (IntervalResampler.end), in every interval served. */
  end(resourceIds: ReadonlySet<string>): void {
    if (resourceIds.size === 0) return;
    for (const [multiple, resampler] of this.resamplers) {
      const merged = resampler.end(resourceIds);
      if (merged.length > 0) this.append(merged, multiple);
    }
  }

  private backfill(resampler: IntervalResampler): void {
    const multiple = resampler.multiple;
    const windowStart = this.tick - (this.tick % multiple);
    const previous = new IntervalResampler(multiple);
    for (let sequence = this.log.oldest; sequence <= this.log.head; sequence++) {
      const item = this.log.at(sequence)!;
      if (item.kind !== 1 || item.intervalMultiple !== 1) continue;
      if (item.tick > windowStart) resampler.add(item.sample);
      else if (item.tick > windowStart - multiple) previous.add(item.sample);
    }
    this.append(previous.close(), multiple);
  }
}
