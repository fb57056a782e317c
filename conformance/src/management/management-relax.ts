import { rpc } from "@strata/sdk/contracts";
import { awaitRelax, stateShowsHold, type Relaxing } from "./await-relax.js";
import { controlListOf } from "./control-state.js";
import { check } from "./management-checks.js";
import { managementOf } from "./management-services.js";
import { actionsFor, provokeController, startAssuranceCheck } from "./provoke-controller.js";

/** How long after the SLA's deletion the controller has to relax, ms: the reference relaxes within a fraction of a second. */
const RELAX_GRACE_MS = 5_000;
/** A target no application misses: the risk of an SLA raised to it has passed. */
const MET_TARGET_NS = 60_000_000_000n;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a relax the suite waited for lacks, in words. */
const lacking = (r: Relaxing) => [
  ...(r.difference ? [`the layer endpoint behind the hub still ${r.difference}`] : []),
  ...(r.unaudited.length > 0 ? [`no relaxing action (relax set) is audited for ${r.unaudited.join(", ")}`] : []),
].join("; ");

check("Deleting an SLA makes the controller relax what it holds for it [assurance] [relax]", { covers: ["MGMT-ASSURE-3"] }, async (t) => {
  const { startedMs, deadlineMs } = await startAssuranceCheck(t);
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

check("Once the risk has passed, the controller relaxes what it holds [assurance] [relax]", { covers: ["MGMT-ASSURE-6"] }, async (t) => {
  const { startedMs, deadlineMs } = await startAssuranceCheck(t);
  const p = await provokeController(t, startedMs);
  // The risk passes: tenant B's flood stops, tenant A's calls too, and A's SLA is raised to a target nothing misses.
  await Promise.all([p.loadA.stop(), p.loadB.stop()]);
  await t.expectCode(managementOf(t.tenantA).assurance.setSla({ sla: { ...p.sla, tenantId: "", latencyTargetNs: MET_TARGET_NS } }), rpc.Code.OK,
    `AssuranceService.SetSla by tenant A raising ${p.sla.applicationId}'s p99 target to 60 s`);
  const passedMs = Date.now();
  if (!stateShowsHold(p) && (await actionsFor(t, p.sla)).length === 0) {
    return t.skip(`neither the layer endpoint behind the hub (${controlListOf(p.behind.module.layer) ?? "no standard control"}) nor the audit trail shows what the controller holds`);
  }
  // The hold time is the controller's to state; the check waits for the rest of its deadline.
  const relaxing = await awaitRelax(t, p, deadlineMs);
  t.ensure(relaxing.done, `${seconds(Date.now() - passedMs)} after tenant B's load stopped and ${p.sla.applicationId}'s target was raised to 60 s, the controller had not `
    + `relaxed what it held: ${lacking(relaxing)}; MGMT-ASSURE-6 requires a controller to relax once the risk has passed (after its hold time)`);
});
