import { management } from "@strata/sdk/contracts";
import { defineService, resolveNamedTenant, StrataError, validate } from "@strata/sdk/server";
import { tenantScope } from "../server/tenant-scope.js";
import type { ActionLog } from "./action-log.js";
import { SLA_PERCENTILES, type SlaStore } from "./sla-store.js";

const PRIORITIES = new Set([management.SlaPriority.SLA_PRIORITY_CRITICAL, management.SlaPriority.SLA_PRIORITY_STANDARD, management.SlaPriority.SLA_PRIORITY_BEST_EFFORT]);
const validPercentile = (p: number) => (SLA_PERCENTILES as readonly number[]).includes(p);

/** strata.management.v1.AssuranceService over an SLA store and the controller's action log (docs/assurance.md). */
export function createAssuranceService(slas: SlaStore, actions: ActionLog) {
  return defineService(management.AssuranceServiceService, {
    setSla(request, ctx) {
      const sla = request.sla;
      if (!sla) throw StrataError.invalidArgument("sla", "is required");
      const violations = validate().application("sla.application_id", sla.applicationId).id("sla.tenant_id", sla.tenantId, false);
      if (!validPercentile(sla.percentile)) violations.add("sla.percentile", "must be 50, 95 or 99");
      if (sla.latencyTargetNs === 0n) violations.add("sla.latency_target_ns", "must be greater than 0");
      if (!PRIORITIES.has(sla.priority)) violations.add("sla.priority", "must be SLA_PRIORITY_CRITICAL, SLA_PRIORITY_STANDARD or SLA_PRIORITY_BEST_EFFORT");
      violations.throwIfAny();
      const tenantId = resolveNamedTenant(ctx.principal, "sla.tenant_id", sla.tenantId);
      return { sla: slas.set({ ...sla, tenantId }) };
    },
    listSlas(request, ctx) {
      return { slas: slas.list(tenantScope(ctx, request.tenantIds)) };
    },
    deleteSla(request, ctx) {
      const violations = validate().application("application_id", request.applicationId).id("tenant_id", request.tenantId, false);
      if (!validPercentile(request.percentile)) violations.add("percentile", "must be 50, 95 or 99");
      violations.throwIfAny();
      const tenantId = resolveNamedTenant(ctx.principal, "tenant_id", request.tenantId);
      slas.delete(tenantId, request.applicationId, request.percentile);
      return {};
    },
    listActions(request, ctx) {
      return { actions: actions.list(tenantScope(ctx, request.tenantIds)) };
    },
  });
}
