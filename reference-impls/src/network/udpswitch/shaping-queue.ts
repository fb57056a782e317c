import { StrataError } from "@strata/sdk/server";
import type { network } from "@strata/sdk/network";

interface Held {
  readonly bytes: number;
  release(): void;
  refuse(error: StrataError): void;
}

/** One class's shaping queue: frames leave in order as credit accrues at the class's rate. */
class Lane {
  readonly held: Held[] = [];
  heldBytes = 0;
  credit = 0;
  refilledMs: number;
  timer: NodeJS.Timeout | undefined;

  constructor(public rate: number, nowMs: number) {
    this.refilledMs = nowMs;
  }

  /** Credit since the last refill, capped at a twentieth of a second's worth (or the head frame, if larger). */
  refill(nowMs: number): void {
    const cap = Math.max(this.rate / 20, this.held[0]?.bytes ?? 0);
    this.credit = Math.min(cap, this.credit + ((nowMs - this.refilledMs) / 1000) * this.rate);
    this.refilledMs = nowMs;
  }
}

/**
 * udpswitch's QoS shaping: a leaky bucket with a queue per class, in the
 * switch. A frame leaves at once when its class has credit and nothing is
 * held before it; otherwise it is held in its class's queue, which a timer
 * drains in order as credit accrues at the class's rate. A frame that would
 * find more than maxBacklogMs of traffic held before it is refused with a
 * retry delay instead.
 */
export class ShapingQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly maxBacklogMs: number, private readonly now: () => number = () => performance.now()) {}

  admit(qosClass: network.QosClass | undefined, bytes: number, signal: AbortSignal): Promise<void> {
    const rate = qosClass ? Number(qosClass.maxBandwidthBytesPerSecond) : 0;
    if (!qosClass || rate <= 0) return Promise.resolve();
    const nowMs = this.now();
    let lane = this.lanes.get(qosClass.qosClassId);
    if (!lane) this.lanes.set(qosClass.qosClassId, (lane = new Lane(rate, nowMs)));
    lane.rate = rate;
    lane.refill(nowMs);
    if (lane.held.length === 0 && lane.credit >= bytes) {
      lane.credit -= bytes;
      return Promise.resolve();
    }
    const backlogMs = ((lane.heldBytes + bytes - lane.credit) / rate) * 1000;
    const what = `QoS class "${qosClass.name}"`;
    if (backlogMs > this.maxBacklogMs) return Promise.reject(StrataError.throttled(what, Math.ceil(backlogMs - this.maxBacklogMs)));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = lane!.held.indexOf(held);
        if (at >= 0) {
          lane!.held.splice(at, 1);
          lane!.heldBytes -= bytes;
        }
        reject(StrataError.cancelled(what));
      };
      const held: Held = {
        bytes,
        release: () => { signal.removeEventListener("abort", onAbort); resolve(); },
        refuse: (error) => { signal.removeEventListener("abort", onAbort); reject(error); },
      };
      signal.addEventListener("abort", onAbort, { once: true });
      lane!.held.push(held);
      lane!.heldBytes += bytes;
      this.drain(lane!);
    });
  }

  /** Refuses everything held and stops the timers. */
  close(): void {
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.timer);
      for (const held of lane.held.splice(0)) held.refuse(StrataError.cancelled("udpswitch shaping"));
    }
  }

  private drain(lane: Lane): void {
    clearTimeout(lane.timer);
    lane.timer = undefined;
    lane.refill(this.now());
    while (lane.held.length > 0 && lane.credit >= lane.held[0]!.bytes) {
      const head = lane.held.shift()!;
      lane.credit -= head.bytes;
      lane.heldBytes -= head.bytes;
      head.release();
    }
    if (lane.held.length === 0) return;
    const waitMs = ((lane.held[0]!.bytes - lane.credit) / lane.rate) * 1000;
    lane.timer = setTimeout(() => this.drain(lane), Math.max(1, Math.ceil(waitMs)));
  }
}
