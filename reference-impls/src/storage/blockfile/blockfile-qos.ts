import { DeviceQueue } from "./device-queue.js";
import { RateScheduler, type RateLimit } from "./rate-scheduler.js";
import { urgencyOf } from "./urgency.js";
import { policyKey } from "@strata/sdk/storage";
import type { IoRequest } from "@strata/sdk/storage";

export interface BlockfileQosOptions {
  /** Longest a request may wait for its QoS rate limits before it is refused, ms (default 2000). */
  qosMaxWaitMs?: number;
  /** I/Os in flight on the device at once (default 4, libuv's default thread pool). */
  deviceQueueDepth?: number;
}

/**
 * blockfile's QoS, in two stages: rate lanes pace each target to its
 * max_iops and max_bandwidth_bytes_per_second (volume and tenant both), then
 * the device queue orders what is due by priority and latency target.
 */
export function createBlockfileQos(options: BlockfileQosOptions = {}) {
  const now = () => performance.now();
  const rates = new RateScheduler(options.qosMaxWaitMs ?? 2000, now);
  const device = new DeviceQueue(options.deviceQueueDepth ?? 4);
  const releases = new WeakMap<IoRequest, () => void>();

  return {
    async admit(request: IoRequest): Promise<void> {
      const urgency = urgencyOf(request.policies, now());
      const what = `volume "${request.volume.volumeId}"`;
      await rates.admit({ limits: limitsOf(request), urgency, signal: request.signal, what });
      releases.set(request, await device.acquire(urgency, request.signal, what));
    },
    /** Frees the request's device slot (called for refused requests too: then there is none). */
    complete(request: IoRequest): void {
      releases.get(request)?.();
      releases.delete(request);
    },
    close(): void {
      rates.close();
      device.close();
    },
  };
}

/** The rate lanes a request counts against: IOPS and bytes of its volume's and its tenant's policies. */
function limitsOf(request: IoRequest): RateLimit[] {
  const limits: RateLimit[] = [];
  for (const policy of [request.policies.volume, request.policies.tenant]) {
    if (!policy) continue;
    const key = policyKey(policy);
    if (policy.maxIops > 0n) limits.push({ key: `${key}/ops`, cost: 1, ratePerSecond: Number(policy.maxIops) });
    if (policy.maxBandwidthBytesPerSecond > 0n) {
      limits.push({ key: `${key}/bytes`, cost: request.bytes, ratePerSecond: Number(policy.maxBandwidthBytesPerSecond) });
    }
  }
  return limits;
}
