import { storage } from "@strata/sdk/storage";
import type { ApplicablePolicies } from "@strata/sdk/storage";

/** How soon a request should be served: the order of every queue in the blockfile scheduler. */
export interface Urgency {
  /** A storage.Priority; higher is served first. */
  priority: number;
  /** When the request's latency target says it should be done, ms on the scheduler's clock; Infinity without one. */
  deadlineMs: number;
  /** Arrival order, for ties. */
  seq: number;
}

let arrivals = 0;

/**
 * The urgency of a request under its policies: the volume's priority, else the
 * tenant's, else PRIORITY_NORMAL; the tighter latency target of the two.
 */
export function urgencyOf(policies: ApplicablePolicies, nowMs: number): Urgency {
  const priority = known(policies.volume?.priority) ?? known(policies.tenant?.priority) ?? storage.Priority.PRIORITY_NORMAL;
  const targetsNs = [policies.volume?.latencyTargetNs ?? 0n, policies.tenant?.latencyTargetNs ?? 0n].filter((ns) => ns > 0n);
  const deadlineMs = targetsNs.length === 0 ? Infinity : nowMs + Math.min(...targetsNs.map(Number)) / 1e6;
  return { priority, deadlineMs, seq: arrivals++ };
}

/** Sort order: higher priority, then earlier deadline (EDF), then arrival. */
export function compareUrgency(a: Urgency, b: Urgency): number {
  return b.priority - a.priority || a.deadlineMs - b.deadlineMs || a.seq - b.seq;
}

function known(priority: storage.Priority | undefined): number | undefined {
  return priority !== undefined && priority >= storage.Priority.PRIORITY_LOW && priority <= storage.Priority.PRIORITY_CRITICAL
    ? priority : undefined;
}
