import { describe, expect, it } from "vitest";
import { FIXTURE_LAYER } from "../testing/fixture-layer.js";
import { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import { IntervalResampler } from "./interval-resampler.js";

const S = 1_000_000_000n;

function sample(metric: string, second: bigint, value: Partial<MetricSample>): MetricSample {
  return MetricSample.fromPartial({
    sequence: second, metric, layer: FIXTURE_LAYER, tenantId: "t1", applicationId: "a", resourceId: "v1",
    attributes: { operation: "read" }, startTimeUnixNano: second * S, timeUnixNano: (second + 1n) * S, ...value,
  });
}

function histogram(values: number[]) {
  const h = new ExponentialHistogram();
  for (const v of values) h.record(v);
  return h.toProto();
}

describe("IntervalResampler", () => {
  it("should keep a counter's last value, average a gauge and merge histograms over the window", () => {
    const resampler = new IntervalResampler(3);
    for (const [second, ops, rate, latencies] of [[0n, 2, 2, [100, 300]], [1n, 2, 0, []], [2n, 3, 1, [5000]]] as const) {
      resampler.add(sample("ops", second, { counter: { value: ops, seriesStartTimeUnixNano: 0n } }));
      resampler.add(sample("rate", second, { gauge: { value: rate } }));
      resampler.add(sample("latency", second, { histogram: histogram([...latencies]) }));
    }
    const merged = resampler.close();
    expect(merged.map((s) => [s.metric, s.sequence, s.startTimeUnixNano, s.timeUnixNano])).toEqual([
      ["ops", 0n, 0n, 3n * S], ["rate", 0n, 0n, 3n * S], ["latency", 0n, 0n, 3n * S],
    ]);
    expect(merged[0]!.counter).toEqual({ value: 3, seriesStartTimeUnixNano: 0n });
    expect(merged[1]!.gauge).toEqual({ value: 1 });
    expect(merged[2]!.histogram).toEqual(histogram([100, 300, 5000]));
    expect(resampler.close()).toEqual([]);
  });

  it("should keep series apart by their attributes", () => {
    const resampler = new IntervalResampler(2);
    resampler.add(sample("ops", 0n, { counter: { value: 1, seriesStartTimeUnixNano: 0n } }));
    resampler.add(sample("ops", 0n, { counter: { value: 9, seriesStartTimeUnixNano: 0n }, attributes: { operation: "write" } }));
    expect(resampler.close().map((s) => [s.attributes, s.counter])).toEqual([
      [{ operation: "read" }, { value: 1, seriesStartTimeUnixNano: 0n }], [{ operation: "write" }, { value: 9, seriesStartTimeUnixNano: 0n }],
    ]);
  });
});
