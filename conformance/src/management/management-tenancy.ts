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
    for (const period of (await listPeriods(t)).filter((p) => p.endTimeUnixNano > since)) {
      const start = period.startTimeUnixNano;
      const all = await reportOf(t, start, "operator");
      const ofB = await reportOf(t, start, "tenantB");
      const ofA = await reportOf(t, start, "tenantA");
      t.equal(ofB.tenants.map((c) => c.tenantId).filter((id) => id !== tenantB), [], `tenant B's report of period ${start} holds other tenants' charges`);
      t.equal(ofA.tenants.map((c) => c.tenantId).filter((id) => id !== made.tenantId), [], `tenant A's report of period ${start} holds other tenants' charges`);
      t.equal(ofA.tenants, all.tenants.filter((c) => c.tenantId === made.tenantId), `tenant A's report of period ${start} differs from the operator's charges of tenant A`);
      await t.expectCode(managementOf(t.tenantB).chargeback.getChargebackReport({ periodStartTimeUnixNano: start, tenantIds: [made.tenantId] }), Code.PERMISSION_DENIED,
        `ChargebackService.GetChargebackReport by tenant B with tenant_ids = [tenant A]`, MISMATCH);
    }
  });

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
