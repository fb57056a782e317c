import { management } from "@strata/sdk/contracts";
import { defineService, StrataError } from "@strata/sdk/server";
import { tenantScope } from "../server/tenant-scope.js";
import type { Capacity } from "./create-capacity.js";

/** strata.management.v1.CapacityService over a running capacity tool (docs/management.md, "Capacity"). */
export function createCapacityService(capacity: Pick<Capacity, "report" | "sampleIntervalNs">) {
  return defineService(management.CapacityServiceService, {
    async getCapacityReport(request, ctx) {
      const scope = tenantScope(ctx, request.tenantIds);
      const interval = capacity.sampleIntervalNs();
      if (request.trendWindowNs !== 0n && request.trendWindowNs < 2n * interval) {
        throw StrataError.invalidArgument("trend_window_ns", `shorter than two sample intervals (${2n * interval} ns)`);
      }
      return capacity.report({ ...(scope ? { tenantIds: scope } : {}), ...(request.trendWindowNs ? { trendWindowNs: request.trendWindowNs } : {}) });
    },
  });
}
