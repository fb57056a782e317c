import { core, management, rpc } from "@strata/sdk/contracts";
import { pause } from "../helpers/pause.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { behindHub } from "../hub/behind-hub.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import { startLoad, type BackgroundLoad } from "./background-load.js";
import { readControlState, type ControlState } from "./control-state.js";
import { managementModuleOf } from "./management-module.js";
import { managementOf } from "./management-services.js";
import { tenantOf } from "./management-traffic.js";
import { served } from "./served.js";

const { SlaPriority } = management;

/** The smallest latency target an SLA may have (docs/assurance.md: latency_target_ns > 0): no window meets it. */
export const UNMEETABLE_TARGET_NS = 1n;
/** The share of a check's deadline the suite waits for the controller to act before it skips. */
const PROVOKE_SHARE = 0.4;
/** Tenant B's concurrent callers, and the pause between tenant A's calls, ms (A's records keep coming while B floods). */
const B_LOOPS = 4;
const A_PAUSE_MS = 20;
/** The share of a check's deadline its waits may use; the rest is for its cleanup. */
const DEADLINE_SHARE = 0.85;
/** Once the controller acts, how long its list of actions must stay the same for its response to count as whole, ms. */
const SETTLED_MS = 600;

/** Tenant A's application put at risk, tenant B loading the same layer, and what the controller did about it. */
export interface Provocation {
  /** The SLA set on tenant A's application: p99 under 1 ns, critical. */
  readonly sla: management.Sla;
  /** `t` with clients of the layer endpoint behind the hub (its operator reads the layer's controls). */
  readonly behind: LayerCheckContext;
  /** The standard controls of the endpoint behind the hub before the SLA was set and once the controller acted; undefined when they cannot be read. */
  readonly before?: ControlState;
  readonly during?: ControlState;
  /** The controller's actions for the SLA once it acted, newest first. */
  readonly actions: management.SlaAction[];
  /** The actions answered OK, not relaxing: what the controller holds. */
  readonly held: management.SlaAction[];
  readonly loadA: BackgroundLoad;
  readonly loadB: BackgroundLoad;
}

/** Skips unless the endpoint serves AssuranceService; resolves to when the check started and when its waits must end, ms on the suite's clock. */
export async function startAssuranceCheck(t: LayerCheckContext): Promise<{ startedMs: number; deadlineMs: number }> {
  const startedMs = Date.now();
  await served(t, "AssuranceService", managementOf(t.operator).assurance.listSlas({ tenantIds: [] }));
  return { startedMs, deadlineMs: startedMs + t.config.timeoutMs * DEADLINE_SHARE };
}

/** The controller's actions for one SLA (every one, as the operator lists them), newest first. */
export async function actionsFor(t: LayerCheckContext, sla: management.Sla): Promise<management.SlaAction[]> {
  const { actions } = await t.expectCode(managementOf(t.operator).assurance.listActions({ tenantIds: [sla.tenantId] }), rpc.Code.OK,
    "AssuranceService.ListActions by the operator");
  return actions.filter((a) => a.sla?.tenantId === sla.tenantId && a.sla.applicationId === sla.applicationId && a.sla.percentile === sla.percentile);
}

/** "endpoint LAYER_X tenant": what one action holds, which a relaxing action must name alike. */
export const holdOf = (a: management.SlaAction) => `${core.layerToJSON(a.actionLayer)} on ${a.endpoint} for ${a.targetTenantId === "" ? "the SLA's own tenant" : a.targetTenantId}`;

/**
 * Puts an application of tenant A at risk of its SLA, as the suite can from
 * outside: an SLA of p99 under 1 ns (the smallest target; every window
 * misses it) while tenant A's calls go on and tenant B floods the same layer
 * endpoint behind the hub, and waits (up to 40 % of the check's deadline,
 * from `startedMs`) for the controller to act through a standard control.
 * The spec does not force a controller to act on a given load: a controller
 * that does not, or holds nothing, skips the check with the reason. The
 * loads keep running; the check stops them (or its cleanup does).
 */
export async function provokeController(t: LayerCheckContext, startedMs: number): Promise<Provocation> {
  const hub = managementModuleOf(t).hubSide(t);
  const behind = behindHub(hub);
  const { driver } = behind.module;
  const tenantA = await tenantOf(t, "tenantA");
  const applicationId = uniqueApplicationId(t, "at-risk");
  const noisyId = uniqueApplicationId(t, "noisy");
  const ofA = await driver.create(behind, { stem: "at-risk", applicationId, as: behind.tenantA });
  const ofB = await driver.create(behind, { stem: "noisy", applicationId: noisyId, as: behind.tenantB });
  const before = await readControlState(behind);
  const { assurance } = managementOf(t.tenantA);
  const wanted = { tenantId: "", applicationId, percentile: 99, latencyTargetNs: UNMEETABLE_TARGET_NS, priority: SlaPriority.SLA_PRIORITY_CRITICAL };
  await t.expectCode(assurance.setSla({ sla: wanted }), rpc.Code.OK, `AssuranceService.SetSla by tenant A of ${applicationId}, p99 ≤ 1 ns`);
  t.track(() => assurance.deleteSla({ tenantId: "", applicationId, percentile: 99 }), `delete tenant A's SLA of ${applicationId}`);
  const sla = management.Sla.fromPartial({ ...wanted, tenantId: tenantA });
  const loadA = startLoad(behind, ofA, { as: behind.tenantA, applicationId, loops: 1, pauseMs: A_PAUSE_MS, label: `tenant A's ${applicationId}` });
  const loadB = startLoad(behind, ofB, { as: behind.tenantB, applicationId: noisyId, loops: B_LOOPS, pauseMs: 0, label: `tenant B's ${noisyId}` });
  const provokedBy = startedMs + t.config.timeoutMs * PROVOKE_SHARE;
  let actions: management.SlaAction[] = [];
  for (let seen = "", sameSince = 0; ; await pause(150, t.signal)) {
    actions = (await actionsFor(t, sla)).filter((a) => !a.relax);
    const now = Date.now();
    const key = actions.map((a) => `${a.timeUnixNano}`).join(",");
    if (key !== seen) [seen, sameSince] = [key, now];
    if (actions.length > 0 && now - sameSince >= SETTLED_MS) break;
    if (now > provokedBy) {
      if (actions.length > 0) break;
      const [a, b] = [await loadA.stop(), await loadB.stop()];
      return t.skip(`the controller took no action within ${((now - startedMs) / 1000).toFixed(1)} s for tenant A's ${applicationId} under an SLA of p99 ≤ 1 ns `
        + `(its calls: ${a.answered} answered OK) while tenant B loaded the same ${driver.resourceKind} endpoint (${b.answered} calls answered OK, ${b.refused} not); `
        + "the standard does not require a controller to act on a given load, so what it must relax is judged only once it acts");
    }
  }
  const held = actions.filter((a) => a.statusCode === rpc.Code.OK);
  if (held.length === 0) {
    await Promise.all([loadA.stop(), loadB.stop()]);
    return t.skip(`the controller's ${actions.length} action(s) for ${applicationId} were all refused (${[...new Set(actions.map((a) => `${a.rpc} → ${a.statusCode}`))].join(", ")}): it holds nothing to relax`);
  }
  const during = before && (await readControlState(behind));
  t.log(`the controller acted ${actions.length} time(s) for ${applicationId}: ${held.map(holdOf).join(", ")}`);
  return { sla, behind, ...(before ? { before } : {}), ...(during ? { during } : {}), actions, held, loadA, loadB };
}
