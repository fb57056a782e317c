import { setTimeout as delay } from "node:timers/promises";
import { StrataError } from "@strata/sdk/server";
import type { network } from "@strata/sdk/network";

/**
 * softswitch's QoS shaping: a virtual-clock pacer per class (GCRA). Each
 * frame reserves payload / rate seconds of its class's time line from the
 * later of now and the end of the last reservation, and waits until its
 * reservation starts, so the class never runs ahead of its rate by more than
 * one frame. A frame that would wait longer than maxWaitMs is refused with a
 * retry delay instead.
 */
export class ClassPacer {
  private readonly nextFreeMs = new Map<string, number>();

  constructor(private readonly maxWaitMs: number, private readonly now: () => number = () => performance.now()) {}

  async admit(qosClass: network.QosClass | undefined, bytes: number, signal: AbortSignal): Promise<void> {
    const rate = qosClass ? Number(qosClass.maxBandwidthBytesPerSecond) : 0;
    if (!qosClass || rate <= 0) return;
    const now = this.now();
    const start = Math.max(now, this.nextFreeMs.get(qosClass.qosClassId) ?? 0);
    const waitMs = start - now;
    if (waitMs > this.maxWaitMs) throw StrataError.throttled(`QoS class "${qosClass.name}"`, Math.ceil(waitMs - this.maxWaitMs));
    this.nextFreeMs.set(qosClass.qosClassId, start + (bytes * 1000) / rate);
    if (waitMs > 0) await delay(waitMs, undefined, { signal }).catch(() => { throw StrataError.cancelled(`QoS class "${qosClass.name}"`); });
  }
}
