import type { Urgency } from "./urgency.js";
import { UrgencyQueue } from "./urgency-queue.js";

/**
 * Idle time a lane may bank, ms: after a quiet spell this much work passes at
 * once. 8 % of a second, so a one-second window sees at most 1.08 × the rate
 * (plus the request in progress).
 */
export const IDLE_CREDIT_MS = 80;

/**
 * One limit of one QoS target (a volume's IOPS, a tenant's bandwidth, ...):
 * its waiting requests in urgency order and a virtual clock. The clock is the
 * time up to which the work let through is paid for at the lane's rate; a
 * request becomes eligible once its own cost is paid for too, so work is paid
 * before it runs, never after.
 */
export class RateLane<T extends { urgency: Urgency }> {
  private paidUntilMs = -Infinity;
  /** The cost waiting in the queue. */
  queuedCost = 0;
  readonly queue = new UrgencyQueue<T>();

  /** When a request of `cost` that arrived at `arrivalMs` is paid for, if it is next. */
  eligibleAtMs(cost: number, ratePerSecond: number, arrivalMs: number): number {
    return Math.max(this.paidUntilMs, arrivalMs - IDLE_CREDIT_MS) + (cost * 1000) / ratePerSecond;
  }

  /** How long `cost` of work queued now would wait to be paid for, ms. */
  backlogMs(cost: number, ratePerSecond: number, nowMs: number): number {
    return Math.max(this.paidUntilMs, nowMs - IDLE_CREDIT_MS) + (cost * 1000) / ratePerSecond - nowMs;
  }

  /** Lets a request through: the clock moves to its paid-for time, banking no more than the idle credit. */
  charge(eligibleAtMs: number, nowMs: number): void {
    this.paidUntilMs = Math.max(eligibleAtMs, nowMs - IDLE_CREDIT_MS);
  }

  /** True when the lane remembers nothing a fresh lane would not. */
  idle(nowMs: number): boolean {
    return this.queue.size === 0 && this.paidUntilMs <= nowMs - IDLE_CREDIT_MS;
  }
}
