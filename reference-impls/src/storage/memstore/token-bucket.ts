/**
 * A token bucket with reservations: a request takes its tokens at once, even
 * into debt, and waits until the debt is paid. Requests are thus served in
 * arrival order at the configured rate, with a burst of at most `burst`.
 */
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(private readonly ratePerSecond: number, private readonly burst: number, now = Date.now()) {
    this.tokens = burst;
    this.updatedMs = now;
  }

  /** Takes cost tokens; returns how long the caller must wait before proceeding, ms. */
  take(cost: number, now = Date.now()): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedMs) / 1000) * this.ratePerSecond);
    this.updatedMs = now;
    this.tokens -= cost;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.ratePerSecond) * 1000;
  }

  /** Gives back tokens of a request that will not proceed after all. */
  refund(cost: number): void {
    this.tokens = Math.min(this.burst, this.tokens + cost);
  }

  /** True when the bucket holds its whole burst at `now`: it is then no different from a new one, and may be dropped. */
  isFull(now = Date.now()): boolean {
    return this.tokens + ((now - this.updatedMs) / 1000) * this.ratePerSecond >= this.burst;
  }

  /** Whether the bucket was built for this rate (policies change at run time). */
  hasRate(ratePerSecond: number): boolean {
    return this.ratePerSecond === ratePerSecond;
  }
}

/** A burst small enough that any 1 s window stays within 10 % of the rate. */
export function burstFor(ratePerSecond: number): number {
  return Math.max(1, Math.floor(ratePerSecond / 20));
}
