import { StrataError } from "@strata/sdk/server";
import { burstFor, TokenBucket } from "./token-bucket.js";
import type { IoRequest, storage } from "@strata/sdk/storage";

/** Longest a request waits for QoS before it is rejected with a retry delay. */
const MAX_WAIT_MS = 2000;

interface Buckets {
  iops?: TokenBucket;
  bandwidth?: TokenBucket;
}

/**
 * memstore's QoS: token buckets per policy target (a volume, a tenant), one
 * for operations and one for bytes. A request passes every bucket that
 * applies, waiting for the slowest.
 */
export class MemstoreQos {
  private readonly buckets = new Map<string, Buckets>();

  async admit(request: IoRequest): Promise<void> {
    const { volume, tenant } = request.policies;
    const taken: Array<[TokenBucket, number]> = [];
    let waitMs = 0;
    for (const [key, policy] of [[`volume:${request.volume.volumeId}`, volume], [`tenant:${request.volume.workload!.tenantId}`, tenant]] as const) {
      if (!policy) continue;
      const buckets = this.bucketsFor(key, policy);
      if (buckets.iops) { waitMs = Math.max(waitMs, buckets.iops.take(1)); taken.push([buckets.iops, 1]); }
      if (buckets.bandwidth) {
        waitMs = Math.max(waitMs, buckets.bandwidth.take(request.bytes));
        taken.push([buckets.bandwidth, request.bytes]);
      }
    }
    if (waitMs > MAX_WAIT_MS) {
      for (const [bucket, cost] of taken) bucket.refund(cost);
      throw StrataError.throttled(`volume "${request.volume.volumeId}"`, Math.ceil(waitMs - MAX_WAIT_MS));
    }
    if (waitMs > 0) await sleep(waitMs, request.signal, `volume "${request.volume.volumeId}" QoS`);
  }

  private bucketsFor(key: string, policy: storage.QosPolicy): Buckets {
    const iops = Number(policy.maxIops);
    const bandwidth = Number(policy.maxBandwidthBytesPerSecond);
    let buckets = this.buckets.get(key);
    if (!buckets || !matches(buckets.iops, iops) || !matches(buckets.bandwidth, bandwidth)) {
      buckets = {
        iops: iops > 0 ? new TokenBucket(iops, burstFor(iops)) : undefined,
        bandwidth: bandwidth > 0 ? new TokenBucket(bandwidth, burstFor(bandwidth)) : undefined,
      };
      this.buckets.set(key, buckets);
    }
    return buckets;
  }
}

function matches(bucket: TokenBucket | undefined, rate: number): boolean {
  return rate === 0 ? bucket === undefined : bucket?.hasRate(rate) === true;
}

function sleep(ms: number, signal: AbortSignal, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); reject(StrataError.cancelled(what)); }, { once: true });
  });
}
