import { StrataError } from "@strata/sdk/server";
import { burstFor, TokenBucket } from "./token-bucket.js";
import { policyKey } from "@strata/sdk/storage";
import type { IoRequest, storage } from "@strata/sdk/storage";

/** Longest a request waits for QoS before it is rejected with a retry delay. */
const MAX_WAIT_MS = 2000;

/** How often buckets that refilled are dropped, ms. */
const SWEEP_INTERVAL_MS = 1000;

interface Buckets {
  iops?: TokenBucket;
  bandwidth?: TokenBucket;
}

/**
 * memstore's QoS: token buckets per policy target (a volume, a tenant), one
 * for operations and one for bytes. A request passes every bucket that
 * applies, waiting for the slowest. Buckets are keyed as the kit keys
 * policies; a deleted volume's go at once, and any bucket that has refilled
 * (a deleted policy's, a quiet tenant's) goes at the next sweep, so memory
 * follows the policies in use.
 */
export class MemstoreQos {
  private readonly buckets = new Map<string, Buckets>();
  private sweptAtMs: number;

  constructor(private readonly now: () => number = Date.now) {
    this.sweptAtMs = now();
  }

  /** How many targets hold buckets now. */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops a deleted volume's buckets. */
  forgetVolume(volumeId: string): void {
    this.buckets.delete(policyKey({ target: { volumeId } }));
  }

  async admit(request: IoRequest): Promise<void> {
    const now = this.now();
    this.sweep(now);
    const taken: Array<[TokenBucket, number]> = [];
    let waitMs = 0;
    for (const policy of [request.policies.volume, request.policies.tenant]) {
      if (!policy) continue;
      const buckets = this.bucketsFor(policy, now);
      if (buckets.iops) { waitMs = Math.max(waitMs, buckets.iops.take(1, now)); taken.push([buckets.iops, 1]); }
      if (buckets.bandwidth) {
        waitMs = Math.max(waitMs, buckets.bandwidth.take(request.bytes, now));
        taken.push([buckets.bandwidth, request.bytes]);
      }
    }
    if (waitMs > MAX_WAIT_MS) {
      for (const [bucket, cost] of taken) bucket.refund(cost);
      throw StrataError.throttled(`volume "${request.volume.volumeId}"`, Math.ceil(waitMs - MAX_WAIT_MS));
    }
    if (waitMs > 0) await sleep(waitMs, request.signal, `volume "${request.volume.volumeId}" QoS`);
  }

  private bucketsFor(policy: storage.QosPolicy, now: number): Buckets {
    const key = policyKey(policy);
    const iops = Number(policy.maxIops);
    const bandwidth = Number(policy.maxBandwidthBytesPerSecond);
    let buckets = this.buckets.get(key);
    if (!buckets || !matches(buckets.iops, iops) || !matches(buckets.bandwidth, bandwidth)) {
      buckets = {
        iops: iops > 0 ? new TokenBucket(iops, burstFor(iops), now) : undefined,
        bandwidth: bandwidth > 0 ? new TokenBucket(bandwidth, burstFor(bandwidth), now) : undefined,
      };
      this.buckets.set(key, buckets);
    }
    return buckets;
  }

  /** Drops the buckets that refilled: a full bucket is what a new one would be. At most once per SWEEP_INTERVAL_MS. */
  private sweep(now: number): void {
    if (now - this.sweptAtMs < SWEEP_INTERVAL_MS) return;
    this.sweptAtMs = now;
    for (const [key, { iops, bandwidth }] of this.buckets) {
      if ((!iops || iops.isFull(now)) && (!bandwidth || bandwidth.isFull(now))) this.buckets.delete(key);
    }
  }
}

function matches(bucket: TokenBucket | undefined, rate: number): boolean {
  return rate === 0 ? bucket === undefined : bucket?.hasRate(rate) === true;
}

/**
 * Waits `ms` unless the caller leaves first (docs/storage.md, STOR-QOS-5): a
 * request whose caller cancelled, or whose deadline passed, while it waited
 * (or before it began to) is not carried on, and answers CANCELLED.
 */
function sleep(ms: number, signal: AbortSignal, what: string): Promise<void> {
  if (signal.aborted) return Promise.reject(StrataError.cancelled(what));
  return new Promise((resolve, reject) => {
    const onAbort = () => { clearTimeout(timer); reject(StrataError.cancelled(what)); };
    const timer = setTimeout(() => { signal.removeEventListener("abort", onAbort); resolve(); }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
