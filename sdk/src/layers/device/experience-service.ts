import { canAccessTenant } from "../../auth/principal.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import type { DeviceKit } from "./device-kit.js";
import { ExperienceServiceService } from "./contracts.js";

/** strata.device.v1.ExperienceService: the kept reports of the caller's devices. */
export function createExperienceService(kit: DeviceKit) {
  return defineService(ExperienceServiceService, {
    listExperienceReports(request, ctx) {
      validate().id("device_id", request.deviceId, false).id("application_id", request.applicationId, false).throwIfAny();
      const devices = [...kit.catalog.devices.values()].filter((d) =>
        canAccessTenant(ctx.principal, d.workload!.tenantId) && (request.deviceId === "" || d.deviceId === request.deviceId));
      const reports = devices.flatMap((d) => kit.catalog.reportsOf(d.deviceId))
        .filter((r) => request.applicationId === "" || r.applicationId === request.applicationId);
      const { items, page } = paginate(reports, (r) => r.reportId, request.page, {
        maxPageSize: kit.maxPageSize, filters: `${request.deviceId}\u0000${request.applicationId}`, context: ctx,
      });
      return { reports: items, page };
    },
  });
}
