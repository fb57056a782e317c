import { epochNanos, SchedulingDelayProbe } from "./scheduling-delay.js";
import type { DrivenCall, DrivenResource, DriveOptions } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";

/** The operation of the index-th call when the caller names none: the driver's operations in turn. */
export function operationOf(t: LayerCheckContext, index: number): string {
  const { operations } = t.module.driver;
  return operations[index % operations.length] ?? "call";
}

/**
 * Makes `count` data-path calls on a resource, one after the other, through
 * the layer's driver: operations in turn, each with a fresh traceparent,
 * labelled "call #<n>".
 *
 * @example
 * const calls = await driveCalls(t, resource, 3, { first: 4 }); // "call #5", "call #6", "call #7"
 */
export async function driveCalls(
  t: LayerCheckContext, resource: DrivenResource, count: number,
  options: Omit<Partial<DriveOptions>, "index" | "label"> & { first?: number; label?: string } = {},
): Promise<DrivenCall[]> {
  const { first = 0, label, ...rest } = options;
  const calls: DrivenCall[] = [];
  for (let index = first; index < first + count; index++) {
    const operation = rest.operation ?? operationOf(t, index);
    calls.push(await t.module.driver.call(t, resource, { ...rest, operation, index, label: `${label ?? "call"} #${index + 1}` }));
  }
  return calls;
}

/** The caller's tenant id: from the config when it can be told, else the owner the endpoint gave a resource tenant A created. */
export function tenantOf(t: LayerCheckContext, resource: DrivenResource): string {
  return t.tenantIds.tenantA ?? resource.tenantId;
}

/** Traffic kept up in the background until stopped. */
export interface BackgroundTraffic {
  /** Stops after the call in flight; resolves to every call made, or rejects with the first failure. */
  stop(): Promise<DrivenCall[]>;
}

/**
 * Makes a data-path call on the resource every `everyMs` (the driver's
 * operations in turn) until stopped, so that samples of consecutive
 * intervals all carry traffic.
 */
export function keepDriving(t: LayerCheckContext, resource: DrivenResource, everyMs: number, label = "background call"): BackgroundTraffic {
  const calls: DrivenCall[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let index = 0; !stopped && !t.signal.aborted; index++) {
      calls.push(await t.module.driver.call(t, resource, { operation: operationOf(t, index), index, label: `${label} #${index + 1}` }));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  loop.catch(() => undefined);
  return {
    async stop() {
      stopped = true;
      await loop;
      return calls;
    },
  };
}

/** A call with when the suite sent it and got its answer (epoch ns, the suite's clock) and the suite's own scheduling delay meanwhile. */
export interface TimedCall extends DrivenCall {
  /** Just before the driver made the call. */
  sentAtUnixNano: bigint;
  /** Just after the driver had its answer. */
  answeredAtUnixNano: bigint;
  /** The longest the suite's own event loop came late while the call was under way, ms (SchedulingDelayProbe). */
  schedulingDelayMs: number;
}

/**
 * driveCalls, each call bracketed by the suite's clock and a scheduling-delay
 * probe; `concurrent` sends them all at once (behind a layer's slowDown they
 * then queue on the server, each waiting longer than the one before), beside
 * one probe whose delay every call of the burst gets.
 */
export async function driveTimedCalls(
  t: LayerCheckContext, resource: DrivenResource, count: number,
  options: Omit<Partial<DriveOptions>, "index" | "label"> & { first?: number; label?: string; concurrent?: boolean } = {},
): Promise<TimedCall[]> {
  const { first = 0, label, concurrent = false, ...rest } = options;
  const timed = async (index: number, probe: SchedulingDelayProbe): Promise<Omit<TimedCall, "schedulingDelayMs">> => {
    const operation = rest.operation ?? operationOf(t, index);
    const sentAtUnixNano = epochNanos();
    const value = await t.module.driver.call(t, resource, { ...rest, operation, index, label: `${label ?? "call"} #${index + 1}` }).finally(() => probe.stop());
    return { ...value, sentAtUnixNano, answeredAtUnixNano: epochNanos() };
  };
  const indexes = Array.from({ length: count }, (_, i) => first + i);
  if (concurrent) {
    const probe = new SchedulingDelayProbe();
    const calls = await Promise.all(indexes.map((index) => timed(index, probe)));
    const delay = probe.stop();
    return calls.map((call) => ({ ...call, schedulingDelayMs: delay }));
  }
  const calls: TimedCall[] = [];
  for (const index of indexes) {
    const probe = new SchedulingDelayProbe();
    const call = await timed(index, probe);
    calls.push({ ...call, schedulingDelayMs: probe.stop() });
  }
  return calls;
}
