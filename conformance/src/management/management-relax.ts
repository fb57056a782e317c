import { core, rpc } from "@strata/sdk/contracts";
import type { LayerCheckContext } from "../runner/check-context.js";
import { awaitRelax, stateShowsHold, type Relaxing } from "./await-relax.js";
import { controlListOf, readControlState, stateDifference } from "./control-state.js";
import { check } from "./management-checks.js";
import { managementModuleOf } from "./management-module.js";
import { managementOf } from "./management-services.js";
import { actionsFor, provokeController } from "./provoke-controller.js";
import { served } from "./served.js";

/** How long after the SLA's deletion the controller has to relax, ms. */
const RELAX_GRACE_MS = 10_000;
/** The share of a check's deadline its waits may use; the rest is for its cleanup. */
const DEADLINE_SHARE = 0.85;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a relax the suite waited for lacks, in words. */
const lacking = (r: Relaxing) => [
  ...(r.difference ? [`the layer endpoint behind the hub still ${r.difference}`] : []),
  ...(r.unaudited.length > 0 ? [`no relaxing action (relax set) is audited for ${r.unaudited.join(", ")}`] : []),
].join("; ");

/** Skips unless the run serves AssuranceService; resolves to when the check started and when its waits must end, ms. */
async function timing(t: LayerCheckContext) {
  const startedMs = Date.now();
  await served(t, "AssuranceService", managementOf(t.operator).assurance.listSlas({ tenantIds: [] }));
  return { startedMs, deadlineMs: startedMs + t.config.timeoutMs * DEADLINE_SHARE };
}

check("Deleting an SLA makes the controller relax what it holds for it [assurance] [relax]", { covers: ["MGMT-ASSURE-3"] }, async (t) => {
  const { startedMs, deadlineMs } = await timing(t);
  const p = await provokeController(t, startedMs);
  await Promise.all([p.loadA.stop(), p.loadB.stop()]);
  await t.expectCode(managementOf(t.tenantA).assurance.deleteSla({ tenantId: "", applicationId: p.sla.applicationId, percentile: p.sla.percentile }), rpc.Code.OK,
    `AssuranceService.DeleteSla by tenant A of its SLA of ${p.sla.applicationId}`);
  const deletedMs = Date.now();
  // A trail that keeps a deleted SLA's actions must show its relaxing ones too.
  const audited = (await actionsFor(t, p.sla)).length > 0;
  if (!audited && !stateShowsHold(p)) {
    return t.skip(`neither the layer endpoint behind the hub (${controlListOf(p.behind.module.layer) ?? "no standard control"}) nor the audit trail, which lists no action of the deleted SLA, shows what the controller holds`);
  }
  const relaxing = await awaitRelax(t, p, Math.min(deletedMs + RELAX_GRACE_MS, deadlineMs), audited);
  t.ensure(relaxing.done, `${seconds(Date.now() - deletedMs)} after DeleteSla of ${p.sla.applicationId}'s SLA, the controller had not relaxed what it held for it: ${lacking(relaxing)}; `
    + "MGMT-ASSURE-3 requires deleting an SLA to make the controller relax what it holds for it");
});

check("A controller that stops relaxes everything it holds [assurance] [relax] [restart]", { covers: ["MGMT-ASSURE-7"] }, async (t) => {
  const { restart } = managementModuleOf(t);
  if (!restart) return t.skip("the run has no restart of the management endpoint (--management-restart): the suite cannot stop its controller");
  const { startedMs } = await timing(t);
  const p = await provokeController(t, startedMs);
  // No load is left for a controller to act on, and the SLA stays at risk, so that nothing relaxes before the stop.
  await Promise.all([p.loadA.stop(), p.loadB.stop()]);
  if (!stateShowsHold(p)) {
    return t.skip(`the layer endpoint behind the hub (${core.layerToJSON(p.behind.module.layer)}: ${controlListOf(p.behind.module.layer) ?? "no standard control"}) shows nothing the controller holds, `
      + "and a stopped controller's audit trail is nothing the suite can read");
  }
  const held = await readControlState(p.behind);
  if (held && stateDifference(p.before!, held) === "") return t.skip("the controller relaxed before the endpoint was stopped: it held nothing left to judge");
  await restart();
  const after = await readControlState(p.behind);
  const difference = after ? stateDifference(p.before!, after) : "";
  t.ensure(difference === "", `once the management endpoint was stopped (and started again, with no load left to act on), the layer endpoint behind the hub still ${difference}; `
    + "MGMT-ASSURE-7 requires a controller that stops to relax everything it holds");
});
