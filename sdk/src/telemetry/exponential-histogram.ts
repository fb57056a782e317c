import type { ExponentialHistogram as ExponentialHistogramProto } from "../gen/strata/telemetry/v1/records.js";
import { boundaryAt, indexAtMaxScale, MAX_SCALE, MIN_SCALE } from "./exponential-index.js";

/** The most buckets a histogram keeps before it halves its resolution. */
export const MAX_BUCKETS = 160;

/**
 * An OTLP-style exponential histogram of non-negative values (latencies in
 * ns). It starts at scale 20 and lowers its scale whenever the populated
 * range would need more than maxBuckets buckets, so it never grows past a
 * fixed size whatever it records. Bucket i covers (base^i, base^(i+1)] with
 * base = 2^(2^-scale); exact zeros go to the zero bucket.
 *
 * @example
 * const h = new ExponentialHistogram();
 * h.record(1_250_000);
 * h.quantile(0.99);
 */
export class ExponentialHistogram {
  scale = MAX_SCALE;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  zeroCount = 0;
  /** Kept from fromProto(); values this histogram records itself use 0. */
  zeroThreshold = 0;
  // A ring of maxBuckets slots holding buckets indexStart..indexEnd; slot of
  // index i is (i - indexBase) mod maxBuckets. Slots outside the populated
  // range are always zero, so extending the range needs no clearing.
  private counts: Float64Array | undefined;
  private spare: Float64Array | undefined;
  private indexBase = 0;
  private indexStart = 0;
  private indexEnd = -1;

  constructor(readonly maxBuckets: number = MAX_BUCKETS) {
    if (!Number.isInteger(maxBuckets) || maxBuckets < 2) throw new RangeError(`maxBuckets must be an integer ≥ 2, got ${maxBuckets}`);
  }

  /** Records one value. Values that are negative, NaN or infinite count as 0. */
  record(value: number): void {
    const v = value >= 0 && value < Infinity ? value : 0;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v <= this.zeroThreshold) {
      this.zeroCount++;
      return;
    }
    const index = indexAtMaxScale(v);
    this.add(index >> (MAX_SCALE - this.scale), 1, index, MAX_SCALE);
  }

  /**
   * Adds every value of another histogram. The finer of the two is lowered to
   * the coarser scale (further if the union needs it), so the result equals
   * recording both histograms' values into one. The larger zero_threshold
   * wins, and every bucket wholly at or below it moves into zero_count, as
   * recording would have put its values there.
   */
  merge(other: ExponentialHistogram): void {
    if (other.count === 0 && other.zeroCount === 0 && !other.hasBuckets) return;
    this.count += other.count;
    this.sum += other.sum;
    this.zeroCount += other.zeroCount;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    if (other.zeroThreshold > this.zeroThreshold) this.zeroThreshold = other.zeroThreshold;
    if (other.hasBuckets) this.addBuckets(other);
    this.foldIntoZeroBucket();
  }

  private addBuckets(other: ExponentialHistogram): void {
    let scale = Math.min(this.scale, other.scale);
    let low = other.indexStart >> (other.scale - scale);
    let high = other.indexEnd >> (other.scale - scale);
    if (this.hasBuckets) {
      low = Math.min(low, this.indexStart >> (this.scale - scale));
      high = Math.max(high, this.indexEnd >> (this.scale - scale));
    }
    scale -= this.reductionFor(low, high, scale);
    this.downscale(this.scale - scale);
    const shift = other.scale - this.scale;
    for (let index = other.indexStart; index <= other.indexEnd; index++) {
      const n = other.countAt(index);
      if (n > 0) this.add(index >> shift, n, index, other.scale);
    }
  }

  /** Estimates the q-quantile (0 ≤ q ≤ 1), within one bucket's width; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    if (!(q > 0)) return this.min;
    if (q >= 1) return this.max;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = this.zeroCount;
    if (rank <= seen) return this.clamp(0);
    for (let index = this.indexStart; index <= this.indexEnd; index++) {
      const n = this.countAt(index);
      if (n === 0) continue;
      if (rank <= seen + n) return this.clamp(boundaryAt(index + (rank - seen) / n, this.scale));
      seen += n;
    }
    return this.max;
  }

  /** Forgets every value and returns to scale 20, keeping its memory. */
  reset(): void {
    if (this.counts) for (let index = this.indexStart; index <= this.indexEnd; index++) this.counts[this.slot(index)] = 0;
    this.scale = MAX_SCALE;
    this.count = this.sum = this.zeroCount = this.zeroThreshold = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.indexStart = 0;
    this.indexEnd = -1;
  }

  /** A copy that shares no state with this histogram. */
  clone(): ExponentialHistogram {
    const copy = new ExponentialHistogram(this.maxBuckets);
    copy.scale = this.scale;
    copy.merge(this);
    return copy;
  }

  /** The generated message, OTLP-compatible. */
  toProto(): ExponentialHistogramProto {
    const bucketCounts: bigint[] = [];
    for (let index = this.indexStart; index <= this.indexEnd; index++) bucketCounts.push(BigInt(this.countAt(index)));
    const empty = this.count === 0;
    return {
      scale: this.scale,
      zeroCount: BigInt(this.zeroCount),
      zeroThreshold: this.zeroThreshold,
      positive: { offset: this.hasBuckets ? this.indexStart : 0, bucketCounts },
      count: BigInt(this.count),
      sum: this.sum,
      min: empty ? 0 : this.min,
      max: empty ? 0 : this.max,
    };
  }

  /**
   * Reads a generated message. A scale outside [-10, 20] is a RangeError;
   * more buckets than maxBuckets are folded to a coarser scale.
   */
  static fromProto(proto: ExponentialHistogramProto, maxBuckets: number = MAX_BUCKETS): ExponentialHistogram {
    if (!Number.isInteger(proto.scale) || proto.scale < MIN_SCALE || proto.scale > MAX_SCALE) {
      throw new RangeError(`histogram scale must be an integer in [${MIN_SCALE}, ${MAX_SCALE}], got ${proto.scale}`);
    }
    const h = new ExponentialHistogram(maxBuckets);
    h.scale = proto.scale;
    h.zeroCount = Number(proto.zeroCount);
    h.zeroThreshold = proto.zeroThreshold;
    h.count = Number(proto.count);
    h.sum = proto.sum;
    if (h.count > 0) {
      h.min = proto.min;
      h.max = proto.max;
    }
    const offset = proto.positive?.offset ?? 0;
    proto.positive?.bucketCounts.forEach((count, k) => {
      const n = Number(count);
      if (n > 0) h.add((offset + k) >> (proto.scale - h.scale), n, offset + k, proto.scale);
    });
    h.foldIntoZeroBucket();
    return h;
  }

  /** Moves the buckets wholly at or below zeroThreshold into zeroCount (bucket i ends at base^(i+1)). */
  private foldIntoZeroBucket(): void {
    if (!(this.zeroThreshold > 0)) return;
    while (this.hasBuckets && boundaryAt(this.indexStart + 1, this.scale) <= this.zeroThreshold) {
      const slot = this.slot(this.indexStart++);
      this.zeroCount += this.counts![slot];
      this.counts![slot] = 0;
    }
    while (this.hasBuckets && this.countAt(this.indexStart) === 0) this.indexStart++;
  }

  private get hasBuckets(): boolean {
    return this.indexEnd >= this.indexStart;
  }

  private countAt(index: number): number {
    return this.counts![this.slot(index)];
  }

  private slot(index: number): number {
    const offset = (index - this.indexBase) % this.maxBuckets;
    return offset < 0 ? offset + this.maxBuckets : offset;
  }

  private clamp(value: number): number {
    return Math.min(this.max, Math.max(this.min, value));
  }

  /**
   * Adds n to the bucket index (at this.scale). sourceIndex/sourceScale name
   * the same bucket at its original, finer scale, so that the index can be
   * recomputed exactly if the range forces a downscale first.
   */
  private add(index: number, n: number, sourceIndex: number, sourceScale: number): void {
    if (!this.hasBuckets) {
      this.counts ??= new Float64Array(this.maxBuckets);
      this.indexBase = this.indexStart = this.indexEnd = index;
    } else if (index < this.indexStart || index > this.indexEnd) {
      const reduction = this.reductionFor(Math.min(index, this.indexStart), Math.max(index, this.indexEnd), this.scale);
      if (reduction > 0) {
        this.downscale(reduction);
        index = sourceIndex >> (sourceScale - this.scale);
      }
      if (index < this.indexStart) this.indexStart = index;
      else if (index > this.indexEnd) this.indexEnd = index;
    }
    this.counts![this.slot(index)] += n;
  }

  /** How many scale steps below `scale` make the index range low..high fit in maxBuckets. */
  private reductionFor(low: number, high: number, scale: number): number {
    let reduction = 0;
    while ((high >> reduction) - (low >> reduction) + 1 > this.maxBuckets && scale - reduction > MIN_SCALE) reduction++;
    return reduction;
  }

  /** Lowers the scale by `by` steps, merging each 2^by adjacent buckets into one. */
  private downscale(by: number): void {
    if (by <= 0) return;
    if (this.hasBuckets) {
      const from = this.counts!;
      const to = this.spare ?? new Float64Array(this.maxBuckets);
      const start = this.indexStart >> by;
      for (let index = this.indexStart; index <= this.indexEnd; index++) {
        const slot = this.slot(index);
        const offset = ((index >> by) - start) % this.maxBuckets;
        to[offset] += from[slot];
        from[slot] = 0;
      }
      this.spare = from;
      this.counts = to;
      this.indexBase = start;
      this.indexStart = start;
      this.indexEnd = this.indexEnd >> by;
    }
    this.scale -= by;
  }
}
