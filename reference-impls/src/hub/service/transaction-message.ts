import { canAccessTenant, type Principal } from "@strata/sdk/server";
import { hub } from "@strata/sdk/contracts";
import type { JudgedTransaction } from "../stitching/judge-transaction.js";

/**
 * A judged transaction as the caller may see it (docs/hub.md, "Tenancy"):
 * hops of a tenant the caller may not see keep their timing and layer but
 * lose their tenant, application and resource. Without hops for lists.
 */
export function transactionMessage(t: JudgedTransaction, principal: Principal, withHops: boolean): hub.Transaction {
  return hub.Transaction.fromPartial({
    traceId: t.traceKey,
    tenantId: t.tenantId,
    applicationId: t.applicationId,
    rootLayer: t.rootLayer,
    complete: t.complete,
    incompleteReasons: [...t.reasons],
    startTimeUnixNano: t.startTimeUnixNano,
    durationNs: BigInt(t.durationNs),
    layerShares: t.shares.map((s) => ({ layer: s.layer, selfNs: BigInt(s.selfNs), hops: s.hops })),
    hops: withHops ? t.hops.map((h) => {
      const visible = canAccessTenant(principal, h.tenantId);
      return {
        spanId: h.spanKey, parentSpanId: h.parentKey, layer: h.layer, operation: h.operation,
        resourceId: visible ? h.resourceId : "", tenantId: visible ? h.tenantId : "", applicationId: visible ? h.applicationId : "",
        startTimeUnixNano: h.startTimeUnixNano, durationNs: BigInt(h.durationNs), selfNs: BigInt(h.selfNs), statusCode: h.statusCode,
        critical: h.critical, orphan: h.orphan, late: h.late ?? false,
      };
    }) : [],
    criticalPath: [...t.criticalPath],
    judgedTimeUnixNano: t.judgedAtUnixNano,
    lateRecords: t.lateRecords,
    droppedHops: t.droppedHops,
  });
}
