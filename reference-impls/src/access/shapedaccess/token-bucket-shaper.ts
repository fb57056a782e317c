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
  /** Per tenant, ms on the `now` clock: when the bucket will have gained back every token taken, under which policy. */
  private readonly theoretical = new Map<string, { tat: number; policy: BucketPolicy }>();

  /**
   * Takes a token of the tenant's bucket for a request arriving at `now`
   * (ms) and answers when the request may leave (ms, `now` when a token is
   * there already). A policy other than the one the bucket was filled under
   * starts a full bucket of its own: it applies to the requests that arrive
   * after it was set, which owe nothing to the old one.
   */
  admit(tenantId: string, policy: BucketPolicy, now: number): number {
    const interval = 1000 / policy.maxRequestsPerSecond;
    const tolerance = (Math.max(1, policy.burstRequests) - 1) * interval;
    const held = this.theoretical.get(tenantId);
    const same = held && held.policy.maxRequestsPerSecond === policy.maxRequestsPerSecond && held.policy.burstRequests === policy.burstRequests;
    const tat = same ? held.tat : now;
    const departure = Math.max(now, tat - tolerance);
    this.theoretical.set(tenantId, { tat: Math.max(tat, departure) + interval, policy });
    return departure;
  }

  /** Forgets tenants whose buckets have been full since before `now`, so that the map holds only the busy ones. */
  prune(now: number): void {
    for (const [tenantId, { tat }] of this.theoretical) if (tat <= now) this.theoretical.delete(tenantId);
  }
}
