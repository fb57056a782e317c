/** The wide-area network between users' devices and the edge, as shapedaccess models it. */
export interface WanOptions {
  /** One-way latency of a crossing, ms (default 1). */
  latencyMs?: number;
  /** Probability that a crossing is lost and must be resent, 0 to below 1 (default 0.01). */
  lossRate?: number;
  /** Seed of the loss draws, so that a run can be replayed (default 1). */
  seed?: number;
}

/**
 * The WAN a request crosses twice (to the edge, and its answer back): each
 * crossing takes the one-way latency, and a lost crossing is resent after a
 * retransmission timeout of twice the latency (at least 1 ms), as many times
 * as it is lost. Losses never fail a request; they make it late, as TCP does.
 */
export class WanModel {
  readonly latencyMs: number;
  readonly lossRate: number;
  private state: number;

  constructor(options: WanOptions = {}) {
    this.latencyMs = options.latencyMs ?? 1;
    this.lossRate = options.lossRate ?? 0.01;
    if (!(this.latencyMs >= 0 && this.latencyMs <= 10_000)) throw new RangeError(`WAN latency must be 0 to 10000 ms, got ${this.latencyMs}`);
    if (!(this.lossRate >= 0 && this.lossRate < 1)) throw new RangeError(`WAN loss rate must be at least 0 and below 1, got ${this.lossRate}`);
    this.state = (options.seed ?? 1) >>> 0;
  }

  /** How long one crossing takes, ms: the latency, plus a retransmission timeout per loss. */
  crossingMs(): number {
    const rto = Math.max(1, 2 * this.latencyMs);
    let ms = this.latencyMs;
    while (this.lossRate > 0 && this.draw() < this.lossRate) ms += rto;
    return ms;
  }

  /** A uniform draw in [0, 1) (mulberry32). */
  private draw(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
