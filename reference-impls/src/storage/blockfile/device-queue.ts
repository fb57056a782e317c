import { StrataError } from "@strata/sdk/server";
import type { Urgency } from "./urgency.js";
import { UrgencyQueue } from "./urgency-queue.js";

interface Slot {
  readonly urgency: Urgency;
  grant(): void;
  refuse(error: StrataError): void;
}

/**
 * The device's queue: at most `depth` I/Os in flight on the filesystem, the
 * rest waiting in urgency order. This is where priorities and latency targets
 * act across tenants: when the device is busy, critical and latency-target
 * I/O goes before the rest, instead of queueing FIFO in the thread pool.
 */
export class DeviceQueue {
  private inFlight = 0;
  private readonly waiting = new UrgencyQueue<Slot>();

  constructor(private readonly depth: number) {}

  /** Resolves to the release of a slot once the request may touch the device. */
  acquire(urgency: Urgency, signal: AbortSignal, what: string): Promise<() => void> {
    if (signal.aborted) return Promise.reject(StrataError.cancelled(what));
    if (this.inFlight < this.depth && this.waiting.size === 0) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (this.waiting.remove(slot)) reject(StrataError.cancelled(what));
      };
      const slot: Slot = {
        urgency,
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve(this.take());
        },
        refuse: (error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.insert(slot);
    });
  }

  /** Refuses everything still waiting. */
  close(): void {
    for (let slot = this.waiting.peek(); slot; slot = this.waiting.peek()) {
      this.waiting.remove(slot);
      slot.refuse(StrataError.cancelled("device queue"));
    }
  }

  private take(): () => void {
    this.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      const next = this.waiting.peek();
      if (next && this.inFlight < this.depth) {
        this.waiting.remove(next);
        next.grant();
      }
    };
  }
}
