import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import { identity } from "./interval-sampler.js";

interface Window {
  first: MetricSample;
  last: MetricSample;
  count: number;
  gaugeSum: number;
  histogram: ExponentialHistogram | undefined;
}

/**
 * Merges base-interval samples into samples of `multiple` base intervals
 * (docs/telemetry.md, Sample interval): a counter keeps its last cumulative
 * value, a gauge becomes the mean of its base values, histograms merge
 * exactly; the merged interval runs from the first base start to the last
 * base end. Windows are aligned on tick numbers: one closes at every tick
 * that is a multiple of `multiple`.
 */
export class IntervalResampler {
  private readonly windows = new Map<string, Window>();
  /** The last tick a stream used this interval. */
  lastUsedTick = 0;

  constructor(readonly multiple: number) {}

  add(sample: MetricSample): void {
    const key = identity(sample.metric, sample, sample.attributes);
    let window = this.windows.get(key);
    if (!window) {
      window = { first: sample, last: sample, count: 0, gaugeSum: 0, histogram: sample.histogram ? new ExponentialHistogram() : undefined };
      this.windows.set(key, window);
    }
    window.last = sample;
    window.count++;
    if (sample.gauge) window.gaugeSum += sample.gauge.value;
    if (sample.histogram) window.histogram?.merge(ExponentialHistogram.fromProto(sample.histogram));
  }

  /** The merged samples of the window that ends now (sequence left 0), and a fresh window. */
  close(): MetricSample[] {
    const merged = [...this.windows.values()].map(mergedSample);
    this.windows.clear();
    return merged;
  }

  /**
   * The final merged samples of resources that are gone, their windows cut
   * short at the last base sample (its end is the merged sample's end); the
   * resources' series are then no longer merged.
   */
  end(resourceIds: ReadonlySet<string>): MetricSample[] {
    const merged: MetricSample[] = [];
    for (const [key, window] of this.windows) {
      if (!resourceIds.has(window.first.resourceId)) continue;
      merged.push(mergedSample(window));
      this.windows.delete(key);
    }
    return merged;
  }
}

function mergedSample({ first, last, count, gaugeSum, histogram }: Window): MetricSample {
  return {
    ...last,
    sequence: 0n,
    startTimeUnixNano: first.startTimeUnixNano,
    gauge: last.gauge ? { value: gaugeSum / count } : undefined,
    histogram: histogram?.toProto(),
  };
}
