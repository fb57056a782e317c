import { management } from "@strata/sdk/contracts";
import { check } from "./management-checks.js";
import { managementOf } from "./management-services.js";
import { served } from "./served.js";

check("A capacity report names the model its projections come from [capacity]", { covers: ["MGMT-CAP-1"] }, async (t) => {
  for (const who of ["operator", "tenantA"] as const) {
    const report = await served(t, "CapacityService", managementOf(t[who]).capacity.getCapacityReport(management.GetCapacityReportRequest.fromPartial({})));
    t.ensure(report.projectionModel.trim() !== "", `CapacityService.GetCapacityReport by ${who} answers an empty projection_model; the standard requires every report to name the model its projections come from (MGMT-CAP-1)`);
  }
});
