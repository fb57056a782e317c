import type { management } from "@strata/sdk/contracts";
import { pause } from "../helpers/pause.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import { readControlState, stateDifference } from "./control-state.js";
import { actionsFor, holdOf, type Provocation } from "./provoke-controller.js";

/** What the suite saw of a relax it waited for. */
export interface Relaxing {
  /** The controller relaxed everything the suite could judge: the layer's controls are as before and every hold has a relaxing action audited. */
  readonly done: boolean;
  /** How the layer's controls still differ from before ("" when they do not, or cannot be read). */
  readonly difference: string;
  /** The holds (holdOf) without a relaxing action audited. */
  readonly unaudited: string[];
  /** The relaxing actions audited for the SLA, newest first. */
  readonly relaxes: management.SlaAction[];
  /** When the suite first read the layer's controls as before, ms on its clock (after the fact: the reads are apart). */
  readonly restoredAtMs?: number;
}

/** Whether the layer's controls showed anything held once the controller acted: only then can a relax be read there. */
export const stateShowsHold = (p: Provocation) => p.before !== undefined && p.during !== undefined && stateDifference(p.before, p.during) !== "";

/**
 * Reads the layer's controls and the audit trail every 200 ms until the
 * controller has relaxed what it held for the provocation's SLA (its
 * controls back as they were before, where they showed a hold; a relaxing
 * action audited for every hold, where `audited`), or until `untilMs` on the
 * suite's clock.
 */
export async function awaitRelax(t: LayerCheckContext, p: Provocation, untilMs: number, audited = true): Promise<Relaxing> {
  const judgeState = stateShowsHold(p);
  let restoredAtMs: number | undefined;
  for (;;) {
    const state = judgeState ? await readControlState(p.behind) : undefined;
    const difference = state ? stateDifference(p.before!, state) : "";
    if (judgeState && difference === "") restoredAtMs ??= Date.now();
    const relaxes = (await actionsFor(t, p.sla)).filter((a) => a.relax);
    const relaxed = new Set(relaxes.map(holdOf));
    const unaudited = audited ? [...new Set(p.held.map(holdOf))].filter((h) => !relaxed.has(h)) : [];
    const done = difference === "" && unaudited.length === 0;
    if (done || Date.now() >= untilMs) return { done, difference, unaudited, relaxes, ...(restoredAtMs !== undefined ? { restoredAtMs } : {}) };
    await pause(200, t.signal);
  }
}
