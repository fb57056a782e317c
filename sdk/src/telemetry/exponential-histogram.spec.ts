import { describe, expect, it } from "vitest";
import { ExponentialHistogram, MAX_BUCKETS } from "./exponential-histogram.js";
import { boundaryAt, indexAt, MAX_SCALE } from "./exponential-index.js";

/** A seeded generator, so a failing property names a reproducible case. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Integer latencies (ns) spread log-uniformly between low and high. */
function latencies(seed: number, n: number, low: number, high: number): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => Math.round(low * (high / low) ** next()));
}

function recordAll(values: number[]): ExponentialHistogram {
  const h = new ExponentialHistogram();
  for (const v of values) h.record(v);
  return h;
}

/** The largest scale at which min..max fits in MAX_BUCKETS, computed independently. */
function expectedScale(min: number, max: number): number {
  let scale = MAX_SCALE;
  while (indexAt(max, scale) - indexAt(min, scale) + 1 > MAX_BUCKETS) scale--;
  return scale;
}

describe("indexAt()", () => {
  it("should put a power of two in the bucket it closes", () => {
    expect(indexAt(1, 0)).toBe(-1);
    expect(indexAt(2, 0)).toBe(0);
    expect(indexAt(4, 0)).toBe(1);
    expect(indexAt(2, 1)).toBe(1);
    expect(indexAt(1024, MAX_SCALE)).toBe(10 * 2 ** 20 - 1);
    expect(indexAt(0.5, 3)).toBe(-9);
    expect(indexAt(1024, -2)).toBe(2);
  });

  it("should put the next double above a power of two in the following bucket", () => {
    const aboveTwo = 2 + 2 ** -51;
    expect(indexAt(aboveTwo, MAX_SCALE)).toBe(2 ** 20);
    expect(indexAt(aboveTwo, 0)).toBe(1);
    expect(indexAt(4.000001, 0)).toBe(2);
  });

  it("should place values strictly inside (base^i, base^(i+1)] at every scale", () => {
    const next = random(7);
    for (let scale = -4; scale <= MAX_SCALE; scale++) {
      for (let k = 0; k < 200; k++) {
        const v = 1 + next() * 1e9;
        const i = indexAt(v, scale);
        expect(boundaryAt(i, scale) < v && v <= boundaryAt(i + 1, scale), `v=${v} scale=${scale} i=${i}`).toBe(true);
      }
    }
  });

  it("should agree across scales so that downscaling is a shift", () => {
    for (const v of latencies(3, 500, 1, 1e12)) {
      for (let scale = -10; scale < MAX_SCALE; scale++) expect(indexAt(v, scale)).toBe(indexAt(v, MAX_SCALE) >> (MAX_SCALE - scale));
    }
  });
});

describe("ExponentialHistogram", () => {
  it("should count, sum and bound what it records, zeros in the zero bucket", () => {
    const h = recordAll([0, 5, 1000, 0, 250]);
    expect(h.toProto()).toMatchObject({ count: 5n, sum: 1255, min: 0, max: 1000, zeroCount: 2n, zeroThreshold: 0 });
    const counts = h.toProto().positive!.bucketCounts;
    expect(counts.reduce((a, b) => a + b, 0n)).toBe(3n);
  });

  it("should stay at scale 20 while values fit in 160 buckets", () => {
    const h = recordAll([1_000_000, 1_000_010, 1_000_050]);
    const { offset, bucketCounts } = h.toProto().positive!;
    expect(h.scale).toBe(20);
    expect(offset).toBe(indexAt(1_000_000, 20));
    expect(bucketCounts.length).toBe(indexAt(1_000_050, 20) - offset + 1);
    expect(bucketCounts.filter((n) => n > 0n)).toEqual([1n, 1n, 1n]);
  });

  it("should downscale to the largest scale that keeps at most 160 buckets", () => {
    const values = latencies(11, 10_000, 1_000, 5_000_000_000);
    const h = recordAll(values);
    const proto = h.toProto();
    expect(h.scale).toBe(expectedScale(Math.min(...values), Math.max(...values)));
    expect(proto.positive!.bucketCounts.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(proto.positive!.bucketCounts.reduce((a, b) => a + b, 0n)).toBe(10_000n);
    expect(proto.positive!.offset).toBe(indexAt(Math.min(...values), h.scale));
  });

  it("should equal one histogram of all values after merge, whatever the ranges", () => {
    const cases: Array<[number[], number[]]> = [
      [latencies(1, 3000, 1_000, 2_000), latencies(2, 3000, 1_500, 1_800)],
      [latencies(3, 3000, 100, 1_000), latencies(4, 3000, 1e8, 1e10)],
      [latencies(5, 10, 1_000_000, 1_000_010), latencies(6, 5000, 1, 1e12)],
      [[0, 0, 7], latencies(8, 100, 50, 60)],
      [[], latencies(9, 100, 50, 6000)],
      [latencies(10, 100, 50, 6000), []],
    ];
    for (const [a, b] of cases) {
      const merged = recordAll(a);
      merged.merge(recordAll(b));
      expect(merged.toProto()).toEqual(recordAll([...a, ...b]).toProto());
    }
  });

  it("should merge many partial histograms into the histogram of the whole", () => {
    const values = latencies(12, 20_000, 10, 1e11);
    const total = new ExponentialHistogram();
    for (let part = 0; part < 20; part++) total.merge(recordAll(values.slice(part * 1000, part * 1000 + 1000)));
    expect(total.toProto()).toEqual(recordAll(values).toProto());
  });

  it("should move the buckets at or below a raised zero_threshold into zero_count when merging", () => {
    const coarse = ExponentialHistogram.fromProto({
      scale: 0, zeroCount: 1n, zeroThreshold: 100, positive: { offset: 9, bucketCounts: [1n] }, count: 2n, sum: 600, min: 0, max: 550,
    });
    for (const [into, from] of [[recordAll([5, 50, 400]), coarse], [coarse.clone(), recordAll([5, 50, 400])]] as const) {
      into.merge(from);
      const proto = into.toProto();
      expect(proto.zeroThreshold).toBe(100);
      expect(proto.zeroCount, "1 from the coarse histogram, 5 and 50 moved").toBe(3n);
      expect(proto.positive!.bucketCounts.reduce((a, b) => a + b, 0n), "400 and 550 stay in buckets").toBe(2n);
      expect(proto.count).toBe(5n);
      expect(proto.positive!.offset).toBeGreaterThanOrEqual(0);
      expect(boundaryAt(proto.positive!.offset, proto.scale)).toBeGreaterThanOrEqual(100);
    }
  });

  it("should read back what toProto wrote", () => {
    const h = recordAll([0, ...latencies(13, 1000, 10, 1e9)]);
    const copy = ExponentialHistogram.fromProto(h.toProto());
    expect(copy.toProto()).toEqual(h.toProto());
    copy.record(123);
    h.record(123);
    expect(copy.toProto()).toEqual(h.toProto());
  });

  it("should fold a foreign histogram with more than 160 buckets to a coarser scale", () => {
    const bucketCounts = Array.from({ length: 400 }, () => 1n);
    const h = ExponentialHistogram.fromProto({
      scale: 8, zeroCount: 0n, zeroThreshold: 0, positive: { offset: 2000, bucketCounts }, count: 400n, sum: 1, min: 1, max: 2,
    });
    const proto = h.toProto();
    expect(h.scale).toBe(6);
    expect(proto.positive).toEqual({ offset: 500, bucketCounts: Array.from({ length: 100 }, () => 4n) });
  });

  it("should reject a scale outside [-10, 20]", () => {
    const proto = { scale: 21, zeroCount: 0n, zeroThreshold: 0, positive: undefined, count: 0n, sum: 0, min: 0, max: 0 };
    expect(() => ExponentialHistogram.fromProto(proto)).toThrow(RangeError);
  });

  it("should estimate quantiles within one bucket width", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i + 1) * 1000);
    const h = recordAll(values);
    const width = 2 ** (2 ** -h.scale) - 1;
    for (const q of [0.5, 0.9, 0.99, 0.999]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(width);
    }
    expect(h.quantile(0)).toBe(1000);
    expect(h.quantile(1)).toBe(10_000_000);
    expect(new ExponentialHistogram().quantile(0.5)).toBeNaN();
  });

  it("should return to an empty scale-20 histogram after reset", () => {
    const h = recordAll(latencies(14, 1000, 1, 1e9));
    h.reset();
    expect(h.toProto()).toEqual(new ExponentialHistogram().toProto());
    h.record(42);
    expect(h.toProto()).toEqual(recordAll([42]).toProto());
  });

  it("should treat negative and non-finite values as zero", () => {
    const h = recordAll([-5, NaN, Infinity]);
    expect(h.toProto()).toMatchObject({ count: 3n, zeroCount: 3n, sum: 0, min: 0, max: 0 });
  });
});
