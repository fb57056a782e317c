import type { StrataError } from "@strata/sdk/client";
import { core, management, rpc } from "@strata/sdk/contracts";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { chargedOnce, listPeriods, reportOf, sinceNow } from "./management-ledger.js";
import { check } from "./management-checks.js";
import { managementOf } from "./management-services.js";
import { chargeableCall, tenantOf } from "./management-traffic.js";
import { served } from "./served.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const MISMATCH = Reason.ERROR_REASON_TENANT_MISMATCH;
const shapeOf = (error: StrataError, ...ids: string[]) => `${error.code} ${error.reasonName} ${ids.reduce((m, id) => m.replaceAll(id, "<id>"), error.message)}`;

check("ChargebackService answers a tenant only its own charges and the operator every tenant's, and naming another tenant is PERMISSION_DENIED [tenancy] [chargeback]",
  { covers: ["MGMT-TEN-1"] }, async (t) => {
    await served(t, "ChargebackService", managementOf(t.operator).chargeback.listPeriods({ page: undefined }));
    const since = sinceNow(5_000);
    const made = await chargeableCall(t, "charges-apart");
    await chargedOnce(t, made, since);
    const tenantB = await tenantOf(t, "tenantB");
    let ownSeen = false;
    for (const period of (await listPeriods(t)).filter((p) => p.endTimeUnixNano > since)) {
      const start = period.startTimeUnixNano;
      const ofA = await reportOf(t, start, "tenantA");
      const ofB = await reportOf(t, start, "tenantB");
      const all = await reportOf(t, start, "operator");
      t.equal(ofB.tenants.map((c) => c.tenantId).filter((id) => id !== tenantB), [], `tenant B's report of period ${start} holds other tenants' charges`);
      t.equal(ofA.tenants.map((c) => c.tenantId).filter((id) => id !== made.tenantId), [], `tenant A's report of period ${start} holds other tenants' charges`);
      // An open period's charges may grow between the two reads (capacity held accrues): each of A's lines must be among the operator's read after it.
      const operatorsOfA = new Set(linesOf(all, made.tenantId));
      t.equal(linesOf(ofA, made.tenantId).filter((line) => !operatorsOfA.has(line)), [], `tenant A's report of period ${start} holds charges the operator's report of tenant A lacks`);
      ownSeen ||= ofA.tenants.some((c) => c.lines.some((l) => l.applicationId === made.applicationId));
      await t.expectCode(managementOf(t.tenantB).chargeback.getChargebackReport({ periodStartTimeUnixNano: start, tenantIds: [made.tenantId] }), Code.PERMISSION_DENIED,
        `ChargebackService.GetChargebackReport by tenant B with tenant_ids = [tenant A]`, MISMATCH);
    }
    t.ensure(ownSeen, `tenant A's reports lack its own charges of ${made.applicationId}, which the operator's show; a tenant MUST receive its own charges (MGMT-TEN-1)`);
  });

/** A tenant's charge lines in a report, by what they charge (amounts left out: an open period's grow). */
const linesOf = (report: management.GetChargebackReportResponse, tenantId: string) => report.tenants.filter((c) => c.tenantId === tenantId)
  .flatMap((c) => c.lines.map((l) => `${l.applicationId}/${management.chargeItemToJSON(l.item)}/${core.layerToJSON(l.layer)}/${l.band}`));

check("CapacityService answers a tenant only its own and shared resources, and naming another tenant is PERMISSION_DENIED [tenancy] [capacity]",
  { covers: ["MGMT-TEN-1"] }, async (t) => {
    const request = (tenantIds: string[] = []) => management.GetCapacityReportRequest.fromPartial({ tenantIds });
    await served(t, "CapacityService", managementOf(t.operator).capacity.getCapacityReport(request()));
    const [tenantA, tenantB] = [await tenantOf(t, "tenantA"), await tenantOf(t, "tenantB")];
    for (const [who, own] of [["tenantA", tenantA], ["tenantB", tenantB]] as const) {
      const report = await t.expectCode(managementOf(t[who]).capacity.getCapacityReport(request()), Code.OK, `CapacityService.GetCapacityReport by ${who}`);
      const foreign = [...report.resources, ...report.bottlenecks].filter((r) => r.tenantId !== "" && r.tenantId !== own).map((r) => `${r.tenantId}/${r.resourceId}`);
      t.equal(foreign, [], `${who}'s capacity report holds other tenants' resources or bottlenecks`);
    }
    await t.expectCode(managementOf(t.tenantB).capacity.getCapacityReport(request([tenantA])), Code.PERMISSION_DENIED,
      "CapacityService.GetCapacityReport by tenant B with tenant_ids = [tenant A]", MISMATCH);
  });

check("PerformanceService answers a tenant only its own baselines and anomalies; another tenant's application is NOT_FOUND and naming another tenant PERMISSION_DENIED [tenancy] [performance]",
  { covers: ["MGMT-TEN-1"] }, async (t) => {
    await served(t, "PerformanceService", managementOf(t.operator).performance.listAnomalies({ tenantIds: [], openOnly: false }));
    const [tenantA, tenantB] = [await tenantOf(t, "tenantA"), await tenantOf(t, "tenantB")];
    for (const [who, own] of [["tenantA", tenantA], ["tenantB", tenantB]] as const) {
      const { anomalies } = await t.expectCode(managementOf(t[who]).performance.listAnomalies({ tenantIds: [], openOnly: false }), Code.OK, `PerformanceService.ListAnomalies by ${who}`);
      t.equal(anomalies.filter((a) => a.tenantId !== own).map((a) => `${a.tenantId}/${a.applicationId}`), [], `${who}'s ListAnomalies lists other tenants' anomalies`);
    }
    await t.expectCode(managementOf(t.tenantB).performance.listAnomalies({ tenantIds: [tenantA], openOnly: false }), Code.PERMISSION_DENIED,
      "PerformanceService.ListAnomalies by tenant B with tenant_ids = [tenant A]", MISMATCH);
    await t.expectCode(managementOf(t.tenantB).performance.listBaselines({ tenantId: tenantA, applicationId: t.config.applicationId }), Code.PERMISSION_DENIED,
      "PerformanceService.ListBaselines by tenant B with tenant_id = tenant A", MISMATCH);
    // Tenant A's applications the operator holds baselines of: tenant B's lookup of each answers as for one that does not exist.
    const absent = uniqueApplicationId(t, "no-baseline");
    const control = await t.expectCode(managementOf(t.tenantB).performance.listBaselines({ tenantId: "", applicationId: absent }), Code.NOT_FOUND,
      "PerformanceService.ListBaselines by tenant B of an application that does not exist", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const { anomalies } = await t.expectCode(managementOf(t.operator).performance.listAnomalies({ tenantIds: [tenantA], openOnly: false }), Code.OK, "PerformanceService.ListAnomalies by the operator of tenant A");
    const applications = [...new Set([t.config.applicationId, ...anomalies.map((a) => a.applicationId)])];
    let judged = 0;
    for (const applicationId of applications) {
      const held = await managementOf(t.operator).performance.listBaselines({ tenantId: tenantA, applicationId }).then((a) => a.baselines.length > 0, () => false);
      if (!held) continue;
      judged++;
      const error = await t.expectCode(managementOf(t.tenantB).performance.listBaselines({ tenantId: "", applicationId }), Code.NOT_FOUND,
        `PerformanceService.ListBaselines by tenant B of tenant A's ${applicationId}`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
      t.equal(shapeOf(error, applicationId), shapeOf(control, absent), `PerformanceService.ListBaselines: tenant B's answer for tenant A's application differs from the answer for one that does not exist`);
    }
    if (judged === 0) t.log(`the operator sees no baseline of tenant A's applications (${applications.join(", ")}): tenant B's lookup of one was not judged`);
  });
