import { core, management, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../helpers/expect-invalid-field.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { check } from "./management-checks.js";
import { managementOf } from "./management-services.js";
import { tenantOf } from "./management-traffic.js";
import { served } from "./served.js";

const { Code } = rpc;
const { SlaPriority } = management;
const MISMATCH = core.ErrorReason.ERROR_REASON_TENANT_MISMATCH;
const keyOf = (s: { tenantId: string; applicationId: string; percentile: number }) => `${s.tenantId}/${s.applicationId}/p${s.percentile}`;
const listed = (answer: { slas: management.Sla[] }) => answer.slas.map(keyOf);

check("AssuranceService holds each tenant's SLAs and actions apart: a tenant sets, deletes and lists only its own, and naming another tenant is PERMISSION_DENIED [tenancy] [assurance]",
  { covers: ["MGMT-TEN-1", "MGMT-ASSURE-1"] }, async (t) => {
    const asA = managementOf(t.tenantA).assurance;
    const asB = managementOf(t.tenantB).assurance;
    await served(t, "AssuranceService", managementOf(t.operator).assurance.listSlas({ tenantIds: [] }));
    const [tenantA, tenantB] = [await tenantOf(t, "tenantA"), await tenantOf(t, "tenantB")];
    const applicationId = uniqueApplicationId(t, "sla");
    const sla = { tenantId: "", applicationId, percentile: 99, latencyTargetNs: 200_000_000n, priority: SlaPriority.SLA_PRIORITY_STANDARD };
    const set = await t.expectCode(asA.setSla({ sla }), Code.OK, "AssuranceService.SetSla by tenant A of its own application");
    t.track(() => asA.deleteSla({ tenantId: "", applicationId, percentile: 99 }), `delete tenant A's SLA of ${applicationId}`);
    t.equal(set.sla?.tenantId, tenantA, "AssuranceService.SetSla by tenant A without sla.tenant_id answers the SLA with the tenant");
    const key = keyOf({ tenantId: tenantA, applicationId, percentile: 99 });
    t.ensure(listed(await asA.listSlas({ tenantIds: [] })).includes(key), `tenant A's ListSlas lacks its own SLA ${key}`);
    t.ensure(listed(await managementOf(t.operator).assurance.listSlas({ tenantIds: [] })).includes(key), `the operator's ListSlas lacks tenant A's SLA ${key}; an operator sees every tenant's`);
    t.equal(listed(await asB.listSlas({ tenantIds: [] })).filter((k) => !k.startsWith(`${tenantB}/`)), [], "tenant B's ListSlas lists other tenants' SLAs");
    await t.expectCode(asB.listSlas({ tenantIds: [tenantA] }), Code.PERMISSION_DENIED, "AssuranceService.ListSlas by tenant B with tenant_ids = [tenant A]", MISMATCH);
    await t.expectCode(asB.setSla({ sla: { ...sla, tenantId: tenantA, latencyTargetNs: 1n } }), Code.PERMISSION_DENIED, "AssuranceService.SetSla by tenant B naming tenant A", MISMATCH);
    await t.expectCode(asB.deleteSla({ tenantId: tenantA, applicationId, percentile: 99 }), Code.PERMISSION_DENIED, "AssuranceService.DeleteSla by tenant B naming tenant A", MISMATCH);
    // Tenant B's delete of the same application and percentile is of its own (absent) SLA: OK, and A's stays as it was set.
    await t.expectCode(asB.deleteSla({ tenantId: "", applicationId, percentile: 99 }), Code.OK, "AssuranceService.DeleteSla by tenant B of its own absent SLA of the same application");
    const kept = (await asA.listSlas({ tenantIds: [] })).slas.find((s) => keyOf(s) === key);
    t.equal(kept?.latencyTargetNs, sla.latencyTargetNs, `tenant A's SLA ${key} after tenant B's SetSla and DeleteSla`);
    await t.expectCode(asB.listActions({ tenantIds: [tenantA] }), Code.PERMISSION_DENIED, "AssuranceService.ListActions by tenant B with tenant_ids = [tenant A]", MISMATCH);
    const { actions } = await t.expectCode(asB.listActions({ tenantIds: [] }), Code.OK, "AssuranceService.ListActions by tenant B");
    t.equal(actions.filter((a) => a.sla?.tenantId !== tenantB).map((a) => keyOf(a.sla ?? { tenantId: "", applicationId: "", percentile: 0 })), [],
      "tenant B's ListActions lists actions taken for other tenants' SLAs");
  });

check("AssuranceService.SetSla answers INVALID_ARGUMENT naming each bad field of the SLA [assurance] [errors]", { covers: ["MGMT-ASSURE-2"] }, async (t) => {
  const { assurance } = managementOf(t.tenantA);
  await served(t, "AssuranceService", assurance.listSlas({ tenantIds: [] }));
  const good = { tenantId: "", applicationId: uniqueApplicationId(t, "sla-valid"), percentile: 95, latencyTargetNs: 100_000_000n, priority: SlaPriority.SLA_PRIORITY_CRITICAL };
  await expectInvalidField(t, assurance.setSla({ sla: undefined }), "sla", "AssuranceService.SetSla without sla");
  const bad: ReadonlyArray<readonly [string, Partial<management.Sla>]> = [
    ["sla.application_id", { applicationId: "" }],
    ["sla.application_id", { applicationId: "Not An Id!" }],
    ["sla.tenant_id", { tenantId: "Not An Id!" }],
    ["sla.percentile", { percentile: 90 }],
    ["sla.latency_target_ns", { latencyTargetNs: 0n }],
    ["sla.priority", { priority: SlaPriority.SLA_PRIORITY_UNSPECIFIED }],
    ["sla.priority", { priority: 42 as management.SlaPriority }],
  ];
  for (const [field, change] of bad) {
    await expectInvalidField(t, assurance.setSla({ sla: { ...good, ...change } }), field, `AssuranceService.SetSla with ${field} ${JSON.stringify(Object.values(change)[0], (_, v) => (typeof v === "bigint" ? `${v}` : v))}`);
  }
  // Every field bad at once but the ids' form, which an endpoint may refuse before it reads the rest (docs/overview.md, the order of errors).
  const error = await t.expectCode(assurance.setSla({ sla: { tenantId: "", applicationId: "", percentile: 1, latencyTargetNs: 0n, priority: SlaPriority.SLA_PRIORITY_UNSPECIFIED } }),
    Code.INVALID_ARGUMENT, "AssuranceService.SetSla with application_id, percentile, latency_target_ns and priority all bad");
  const named = new Set(error.fieldViolations.map((v) => v.field));
  const fields = ["sla.application_id", "sla.percentile", "sla.latency_target_ns", "sla.priority"];
  t.equal(fields.filter((f) => !named.has(f)), [], `AssuranceService.SetSla with four fields bad: the BadRequest must name each bad field (it names [${[...named].join(", ")}])`);
  t.equal(listedNone(await assurance.listSlas({ tenantIds: [] }), good.applicationId), true, "a refused SetSla must store nothing");
});

const listedNone = (answer: { slas: management.Sla[] }, applicationId: string) => !answer.slas.some((s) => s.applicationId === applicationId);

check("AssuranceService.DeleteSla of an SLA that does not exist answers OK, and a deleted SLA is gone [assurance] [idempotency]", { covers: ["MGMT-ASSURE-3"] }, async (t) => {
  const { assurance } = managementOf(t.tenantA);
  await served(t, "AssuranceService", assurance.listSlas({ tenantIds: [] }));
  const applicationId = uniqueApplicationId(t, "sla-absent");
  await t.expectCode(assurance.deleteSla({ tenantId: "", applicationId, percentile: 50 }), Code.OK, "AssuranceService.DeleteSla of an SLA that never existed");
  await t.expectCode(assurance.setSla({ sla: { tenantId: "", applicationId, percentile: 50, latencyTargetNs: 1_000_000_000n, priority: SlaPriority.SLA_PRIORITY_BEST_EFFORT } }),
    Code.OK, "AssuranceService.SetSla by tenant A");
  await t.expectCode(assurance.deleteSla({ tenantId: "", applicationId, percentile: 50 }), Code.OK, "AssuranceService.DeleteSla of tenant A's SLA");
  t.ensure(listedNone(await assurance.listSlas({ tenantIds: [] }), applicationId), `ListSlas still lists ${applicationId}'s SLA after DeleteSla answered OK`);
  await t.expectCode(assurance.deleteSla({ tenantId: "", applicationId, percentile: 50 }), Code.OK, "AssuranceService.DeleteSla repeated after the SLA is gone");
});

/** What an audited action lacks of MGMT-ASSURE-5's fields, in words. */
function missingOf(action: management.SlaAction): string[] {
  const missing: string[] = [];
  const json = (() => { try { return typeof JSON.parse(action.requestJson) === "object"; } catch { return false; } })();
  if (action.timeUnixNano === 0n) missing.push("time_unix_nano");
  if (!action.sla || action.sla.applicationId === "" || action.sla.tenantId === "" || action.sla.percentile === 0) missing.push("sla");
  if (action.causeLayer === core.Layer.LAYER_UNSPECIFIED) missing.push("cause_layer");
  if (action.cause.trim() === "") missing.push("cause");
  if (action.actionLayer === core.Layer.LAYER_UNSPECIFIED) missing.push("action_layer");
  if (action.rpc.trim() === "") missing.push("rpc");
  if (action.endpoint.trim() === "") missing.push("endpoint");
  if (!json) missing.push("request_json (proto3 JSON of the request)");
  if (action.statusCode < 0 || action.statusCode > 16) missing.push(`status_code (${action.statusCode} is no gRPC code)`);
  // target_tenant_id is empty for an action on the SLA's own tenant (its priority raised): no value is missing there.
  if (!action.relax && action.percentileBeforeNs === 0n) missing.push("percentile_before_ns");
  return missing;
}

check("Every action the controller lists is audited with its SLA, cause, RPC, request, answer and percentile before [assurance] [audit]",
  { covers: ["MGMT-SLA-1", "MGMT-ASSURE-5"] }, async (t) => {
    const { actions } = await served(t, "AssuranceService", managementOf(t.operator).assurance.listActions({ tenantIds: [] }));
    if (actions.length === 0) {
      return t.skip("the controller lists no action (the relax checks, which run before this one, did not make it act, or did not run): the audit trail is judged only once it holds actions");
    }
    const incomplete = actions.map((a) => [`${a.rpc || "?"} at ${a.timeUnixNano}`, missingOf(a)] as const).filter(([, missing]) => missing.length > 0);
    t.equal(incomplete.map(([what, missing]) => `${what}: ${missing.join(", ")}`), [],
      `${incomplete.length} of the ${actions.length} actions listed lack fields the standard requires of every audited action (MGMT-SLA-1, MGMT-ASSURE-5)`);
    const newestFirst = actions.every((a, i) => i === 0 || actions[i - 1]!.timeUnixNano >= a.timeUnixNano);
    t.ensure(newestFirst, "AssuranceService.ListActions must list the actions newest first");
  });
