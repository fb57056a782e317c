import { setTimeout as sleep } from "node:timers/promises";
import { isStrataError } from "@strata/sdk/client";
import { rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { describeError } from "../../../helpers/describe-error.js";
import type { ComputeClients, ComputeContext } from "../compute-checks.js";

/** One instance kept busy: `inFlight` Executes of a spin at all times. */
export interface FloodLane {
  /** Names the lane in messages and results ("tenant A's instance"). */
  label: string;
  as: ComputeClients;
  instanceId: string;
  inFlight: number;
  spinNs: bigint;
}

/** What the units that completed within the measured window used, per lane. */
export interface FloodResult {
  /** CPU time of those units, by lane label, ns (their answers' cpu_time_ns). */
  cpuNs: Map<string, number>;
  /** How many units completed within the window, by lane label. */
  completed: Map<string, number>;
  /** Refusals with RetryInfo (throttled by a CPU limit) that were retried after their delay. */
  throttled: number;
  /** The measured window, ms. */
  windowMs: number;
}

/**
 * Keeps every lane's instance busy for `warmupMs + windowMs` with a closed
 * loop of spins (a throttled unit is retried after its RetryInfo delay),
 * and tallies the units that completed within the window after the warm-up.
 * Fails the check on any other answer.
 */
export async function flood(t: ComputeContext, lanes: readonly FloodLane[], timing: { warmupMs: number; windowMs: number }): Promise<FloodResult> {
  const start = performance.now();
  const from = start + timing.warmupMs;
  const until = from + timing.windowMs;
  const result: FloodResult = {
    cpuNs: new Map(lanes.map((l) => [l.label, 0])), completed: new Map(lanes.map((l) => [l.label, 0])), throttled: 0, windowMs: timing.windowMs,
  };
  let failure: string | undefined;
  const loop = async (lane: FloodLane) => {
    while (performance.now() < until && !failure && !t.signal.aborted) {
      try {
        const answer = await lane.as.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: lane.instanceId, spin: { cpuTimeNs: lane.spinNs } }));
        const at = performance.now();
        if (at >= from && at <= until) {
          result.cpuNs.set(lane.label, result.cpuNs.get(lane.label)! + Number(answer.cpuTimeNs));
          result.completed.set(lane.label, result.completed.get(lane.label)! + 1);
        }
      } catch (error) {
        if (isStrataError(error) && Number(error.code) === rpc.Code.RESOURCE_EXHAUSTED && error.retryDelayMs !== undefined) {
          result.throttled += 1;
          await sleep(Math.max(1, error.retryDelayMs));
          continue;
        }
        failure ??= `a spin on ${lane.label} failed: ${describeError(error)}; the standard answers OK, or RESOURCE_EXHAUSTED with RetryInfo under a limit`;
      }
    }
  };
  await Promise.all(lanes.flatMap((lane) => Array.from({ length: lane.inFlight }, () => loop(lane))));
  if (failure) t.fail(failure);
  return result;
}
