import { management } from "@strata/sdk/contracts";
import { defineService, isValidApplicationId, isValidId, resolveNamedTenant, StrataError } from "@strata/sdk/server";
import { tenantScope } from "../server/tenant-scope.js";
import type { PerformanceTracker } from "./create-performance-tracker.js";

/** strata.management.v1.PerformanceService over a performance tracker (docs/management.md, "Performance"). */
export function createPerformanceService(tracker: PerformanceTracker) {
  return defineService(management.PerformanceServiceService, {
    listBaselines(request, ctx) {
      if (request.applicationId === "") throw StrataError.invalidArgument("application_id", "required");
      if (!isValidApplicationId(request.applicationId)) throw StrataError.invalidArgument("application_id", "breaks the id rule");
      if (request.tenantId !== "" && !isValidId(request.tenantId)) throw StrataError.invalidArgument("tenant_id", "breaks the id rule");
      const tenantId = resolveNamedTenant(ctx.principal, "tenant_id", request.tenantId);
      const baselines = tracker.baselines(tenantId, request.applicationId);
      if (baselines.length === 0) throw StrataError.notFound("application", `${tenantId}/${request.applicationId}`);
      return { baselines };
    },

    listAnomalies(request, ctx) {
      const scope = tenantScope(ctx, request.tenantIds);
      return { anomalies: tracker.anomalies({ ...(scope ? { tenantIds: scope } : {}), openOnly: request.openOnly }) };
    },
  });
}
