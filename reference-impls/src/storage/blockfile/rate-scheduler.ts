import { StrataError } from "@strata/sdk/server";
import { RateLane } from "./rate-lane.js";
import { compareUrgency, type Urgency } from "./urgency.js";

/** One limit a request counts against: lane key, its cost there, and the lane's rate. */
export interface RateLimit {
  key: string;
  cost: number;
  ratePerSecond: number;
}

export interface RateRequest {
  limits: RateLimit[];
  urgency: Urgency;
  signal: AbortSignal;
  /** Names the throttled thing in errors, e.g. `volume "vol-1"`. */
  what: string;
}

interface Waiting {
  readonly urgency: Urgency;
  readonly arrivalMs: number;
  readonly shares: { lane: RateLane<Waiting>; cost: number; ratePerSecond: number }[];
  readonly what: string;
  settle(error?: StrataError): void;
}

/**
 * Earliest-eligible-time scheduling over rate lanes. A request waits in every
 * lane it counts against (its volume's and its tenant's limits) and goes once
 * it is next in each and paid for in each: the later lane wins. Lanes are
 * ordered by urgency, so a critical request overtakes a low one sharing its
 * tenant's budget. A request whose wait would pass maxWaitMs is refused with
 * THROTTLED and a retry delay instead of queueing, and one overtaken until
 * then is refused at that point, so nobody waits longer than the bound.
 */
export class RateScheduler {
  private readonly lanes = new Map<string, RateLane<Waiting>>();
  /** In arrival order, so the oldest (first to expire) is first. */
  private readonly waiting = new Set<Waiting>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly maxWaitMs: number, private readonly now: () => number = () => performance.now()) {}

  /** Resolves when the request may run; rejects with THROTTLED, or CANCELLED on abort. */
  admit(request: RateRequest): Promise<void> {
    if (request.limits.length === 0) return Promise.resolve();
    if (request.signal.aborted) return Promise.reject(StrataError.cancelled(request.what));
    const nowMs = this.now();
    const shares = request.limits.map((l) => ({ lane: this.lane(l.key, nowMs), cost: l.cost, ratePerSecond: l.ratePerSecond }));
    const waitMs = Math.max(...shares.map((s) => s.lane.backlogMs(costAhead(s.lane, request.urgency) + s.cost, s.ratePerSecond, nowMs)));
    if (waitMs > this.maxWaitMs) {
      return Promise.reject(StrataError.throttled(request.what, Math.max(1, Math.ceil(waitMs - this.maxWaitMs))));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.remove(entry);
        entry.settle(StrataError.cancelled(request.what));
        this.pump();
      };
      const entry: Waiting = {
        urgency: request.urgency, arrivalMs: nowMs, shares, what: request.what,
        settle(error) {
          request.signal.removeEventListener("abort", onAbort);
          if (error) reject(error);
          else resolve();
        },
      };
      request.signal.addEventListener("abort", onAbort, { once: true });
      for (const share of shares) {
        share.lane.queue.insert(entry);
        share.lane.queuedCost += share.cost;
      }
      this.waiting.add(entry);
      this.pump();
    });
  }

  /** Refuses everything still waiting and stops the timer. */
  close(): void {
    clearTimeout(this.timer);
    for (const entry of [...this.waiting]) {
      this.remove(entry);
      entry.settle(StrataError.cancelled(entry.what));
    }
  }

  /** Lets through every request that is due, refuses the overdue, and sleeps until the next event. */
  private pump(): void {
    clearTimeout(this.timer);
    const nowMs = this.now();
    let wakeMs = Infinity;
    for (let changed = true; changed;) {
      changed = false;
      wakeMs = Infinity;
      for (const entry of this.nextInLine()) {
        const dueMs = Math.max(...entry.shares.map((s) => s.lane.eligibleAtMs(s.cost, s.ratePerSecond, entry.arrivalMs)));
        if (dueMs > nowMs) {
          wakeMs = Math.min(wakeMs, dueMs);
          continue;
        }
        for (const s of entry.shares) s.lane.charge(s.lane.eligibleAtMs(s.cost, s.ratePerSecond, entry.arrivalMs), nowMs);
        this.remove(entry);
        entry.settle();
        changed = true;
      }
      changed = this.expire(nowMs) || changed;
    }
    const oldest = this.waiting.values().next().value;
    if (oldest) wakeMs = Math.min(wakeMs, oldest.arrivalMs + this.maxWaitMs);
    if (wakeMs < Infinity) this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(wakeMs - nowMs)));
  }

  /** Requests at the head of every lane they wait in, most urgent first. */
  private nextInLine(): Waiting[] {
    const heads = new Set<Waiting>();
    for (const lane of this.lanes.values()) {
      const head = lane.queue.peek();
      if (head && head.shares.every((s) => s.lane.queue.peek() === head)) heads.add(head);
    }
    return [...heads].sort((a, b) => compareUrgency(a.urgency, b.urgency));
  }

  /** Refuses requests that waited maxWaitMs without being let through. */
  private expire(nowMs: number): boolean {
    let expired = false;
    for (const entry of this.waiting) {
      if (entry.arrivalMs + this.maxWaitMs > nowMs) break;
      this.remove(entry);
      const backlogMs = Math.max(...entry.shares.map((s) => s.lane.backlogMs(s.lane.queuedCost, s.ratePerSecond, nowMs)));
      entry.settle(StrataError.throttled(entry.what, Math.max(1, Math.ceil(backlogMs))));
      expired = true;
    }
    return expired;
  }

  private remove(entry: Waiting): void {
    if (!this.waiting.delete(entry)) return;
    for (const share of entry.shares) {
      share.lane.queue.remove(entry);
      share.lane.queuedCost -= share.cost;
    }
  }

  private lane(key: string, nowMs: number): RateLane<Waiting> {
    let lane = this.lanes.get(key);
    if (!lane) {
      if (this.lanes.size >= 1024) this.forgetIdle(nowMs);
      lane = new RateLane<Waiting>();
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** Drops lanes a fresh one would replace exactly (volumes and tenants come and go). */
  private forgetIdle(nowMs: number): void {
    for (const [key, lane] of this.lanes) if (lane.idle(nowMs)) this.lanes.delete(key);
  }
}

/** The cost queued in a lane ahead of a newcomer of this urgency. */
function costAhead(lane: RateLane<Waiting>, urgency: Urgency): number {
  let cost = 0;
  for (const entry of lane.queue.ahead(urgency)) cost += entry.shares.find((s) => s.lane === lane)!.cost;
  return cost;
}
