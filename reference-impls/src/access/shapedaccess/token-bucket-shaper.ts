/** The rate a tenant is shaped to: a token bucket's refill rate and depth. */
export interface BucketPolicy {
  /** Tokens gained a second. */
  readonly maxRequestsPerSecond: number;
  /** The most tokens the bucket holds (at least 1). */
  readonly burstRequests: number;
}

/**
 * Token buckets, one per tenant, as virtual scheduling (the generic cell
 * rate algorithm): each tenant keeps the theoretical arrival time of its next
 * request, so that admitting one is constant time and requests leave in
 * arrival order, each no sooner than its token exists. A bucket is full
 * after a quiet spell; a request that finds it empty is scheduled when the
 * next token comes, never refused.
 */
export class TokenBucketShaper {
  /** Per tenant, ms on the `now` clock: when the bucket will have gained back every token taken. */
  private readonly theoretical = new Map<string, number>();

  /**
   * Takes a token of the tenant's bucket for a request arriving at `now`
   * (ms) and answers when the request may leave (ms, `now` when a token is
   * there already).
   */
  admit(tenantId: string, policy: BucketPolicy, now: number): number {
    const interval = 1000 / policy.maxRequestsPerSecond;
    const tolerance = (Math.max(1, policy.burstRequests) - 1) * interval;
    const tat = this.theoretical.get(tenantId) ?? now;
    const departure = Math.max(now, tat - tolerance);
    this.theoretical.set(tenantId, Math.max(tat, departure) + interval);
    return departure;
  }

  /** Forgets tenants whose buckets have been full since before `now`, so that the map holds only the busy ones. */
  prune(now: number): void {
    for (const [tenantId, tat] of this.theoretical) if (tat <= now) this.theoretical.delete(tenantId);
  }
}
