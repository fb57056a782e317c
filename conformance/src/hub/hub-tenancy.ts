import type { StrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import { resolveTenantId } from "../helpers/resolve-tenant-id.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { walkPages } from "../helpers/walk-pages.js";
import { check } from "./hub-checks.js";
import { hubOf } from "./hub-services.js";
import { drivenTransactions } from "./hub-traffic.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const shapeOf = (error: StrataError, ...ids: string[]) => `${error.code} ${error.reasonName} ${ids.reduce((m, id) => m.replaceAll(id, "<id>"), error.message)}`;

check("ListApplications lists the application of a resource behind the hub to its tenant and the operator, never to another tenant, and naming another tenant is PERMISSION_DENIED [hub] [tenancy]",
  { covers: ["HUB-TEN-1"] }, async (t) => {
    const tenantA = await resolveTenantId(t, "tenantA");
    const applicationId = uniqueApplicationId(t, "hub-tenancy");
    await t.module.driver.create(t, { stem: "hub-tenancy", applicationId });
    const key = `${tenantA}/${applicationId}`;
    const listed = (who: "tenantA" | "tenantB" | "operator") => walkPages(t, `HubService.ListApplications by ${who}`, async (page) => {
      const answer = await hubOf(t[who]).listApplications({ page, tenantIds: [] });
      return { items: answer.applications.map((a) => `${a.tenantId}/${a.applicationId}`), page: answer.page };
    });
    t.ensure((await listed("tenantA")).includes(key), `tenant A's ListApplications lacks ${key}, whose resource it made behind the hub`);
    t.ensure((await listed("operator")).includes(key), `the operator's ListApplications lacks tenant A's ${key}; an operator sees every tenant's`);
    const leaked = (await listed("tenantB")).filter((k) => k.startsWith(`${tenantA}/`));
    t.equal(leaked, [], "tenant B's ListApplications lists tenant A's applications");
    await t.expectCode(hubOf(t.tenantB).listApplications({ page: undefined, tenantIds: [tenantA] }), Code.PERMISSION_DENIED,
      "HubService.ListApplications by tenant B with tenant_ids = [tenant A]", Reason.ERROR_REASON_TENANT_MISMATCH);
  });

check("Tenant B's GetTransaction, GetLatencyBreakdown and GetApplicationTopology of tenant A's answer NOT_FOUND, exactly as for what does not exist [hub] [tenancy]",
  { covers: ["HUB-TEN-1"] }, async (t) => {
    const { calls, applicationId } = await drivenTransactions(t, "hub-hidden", 1);
    const traceId = calls[0]!.trace.traceId;
    const absentTrace = "0123456789abcdef0123456789abcdef";
    const absentApp = uniqueApplicationId(t, "hub-absent");
    const asB = hubOf(t.tenantB);
    const pairs = [
      ["GetTransaction", () => asB.getTransaction({ traceId }), () => asB.getTransaction({ traceId: absentTrace }), [traceId, absentTrace]],
      ["GetLatencyBreakdown", () => asB.getLatencyBreakdown({ application: { tenantId: "", applicationId }, windowNs: 0n }),
        () => asB.getLatencyBreakdown({ application: { tenantId: "", applicationId: absentApp }, windowNs: 0n }), [applicationId, absentApp]],
      ["GetApplicationTopology", () => asB.getApplicationTopology({ application: { tenantId: "", applicationId }, atRevision: 0n, atTimeUnixNano: 0n }),
        () => asB.getApplicationTopology({ application: { tenantId: "", applicationId: absentApp }, atRevision: 0n, atTimeUnixNano: 0n }), [applicationId, absentApp]],
    ] as const;
    for (const [rpcName, foreign, absent, ids] of pairs) {
      const error = await t.expectCode(foreign(), Code.NOT_FOUND, `HubService.${rpcName} by tenant B of tenant A's`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
      const control = await t.expectCode(absent(), Code.NOT_FOUND, `HubService.${rpcName} of what does not exist`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
      t.equal(shapeOf(error, ...ids), shapeOf(control, ...ids), `HubService.${rpcName}: tenant B's answer for tenant A's differs from the answer for what does not exist, which reveals that it exists`);
    }
    const tenantA = await resolveTenantId(t, "tenantA");
    await t.expectCode(asB.getLatencyBreakdown({ application: { tenantId: tenantA, applicationId }, windowNs: 0n }), Code.PERMISSION_DENIED,
      "HubService.GetLatencyBreakdown by tenant B naming tenant A", Reason.ERROR_REASON_TENANT_MISMATCH);
    const mine = await t.expectCode(hubOf(t.tenantA).getTransaction({ traceId }), Code.OK, "HubService.GetTransaction by tenant A of its own");
    t.equal(mine.transaction?.traceId, traceId, "HubService.GetTransaction by tenant A of its own transaction");
  });
