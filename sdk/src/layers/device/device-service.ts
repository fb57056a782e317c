import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { visibleDevice, type DeviceKit } from "./device-kit.js";
import { DeviceKind, DeviceServiceService, type Device, type EnrollDeviceRequest } from "./contracts.js";

/** strata.device.v1.DeviceService over a DeviceKit: the inventory. */
export function createDeviceService(kit: DeviceKit) {
  return defineService(DeviceServiceService, {
    enrollDevice: (request, ctx) => kit.exclusive(() => enrollDevice(kit, request, ctx)),

    async unenrollDevice(request, ctx) {
      validate().id("device_id", request.deviceId).throwIfAny();
      const device = await kit.exclusive(async () => {
        const found = kit.catalog.devices.get(request.deviceId);
        // Absent and foreign devices answer OK alike: unenrol is idempotent and leaks nothing.
        if (!found || !canAccessTenant(ctx.principal, found.workload!.tenantId)) return undefined;
        kit.catalog.remove(found);
        kit.topology.removeDevice(found);
        return found;
      });
      if (device) {
        await kit.backend.unenroll?.(device);
        kit.telemetry.endResource(device.deviceId);
      }
      return {};
    },

    getDevice(request, ctx) {
      validate().id("device_id", request.deviceId).throwIfAny();
      return { device: visibleDevice(kit, ctx.principal, request.deviceId) };
    },

    listDevices(request, ctx) {
      const checks = validate().id("application_id", request.applicationId, false).id("user_id", request.userId, false);
      if (request.kind !== DeviceKind.DEVICE_KIND_UNSPECIFIED && !isKnownKind(request.kind)) checks.add("kind", `is ${request.kind}, not a DeviceKind`);
      checks.throwIfAny();
      const all = [...kit.catalog.devices.values()].filter((d) =>
        canAccessTenant(ctx.principal, d.workload!.tenantId)
        && (request.applicationId === "" || d.workload!.applicationId === request.applicationId)
        && (request.userId === "" || d.userId === request.userId)
        && (request.kind === DeviceKind.DEVICE_KIND_UNSPECIFIED || d.kind === request.kind));
      const { items, page } = paginate(all, (d) => d.deviceId, request.page, {
        maxPageSize: kit.maxPageSize, filters: `${request.applicationId}\u0000${request.userId}\u0000${request.kind}`, context: ctx,
      });
      return { devices: items, page };
    },
  });
}

async function enrollDevice(kit: DeviceKit, request: EnrollDeviceRequest, ctx: CallContext) {
  const workload = request.workload;
  const checks = validate()
    .id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false)
    .id("user_id", request.userId);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  if (!isKnownKind(request.kind)) checks.add("kind", "is required: a DeviceKind other than DEVICE_KIND_UNSPECIFIED");
  checks.throwIfAny();
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);

  const existing = kit.catalog.byName(tenantId, request.name);
  if (existing) {
    const differing = differences(existing, request);
    if (differing.length > 0) throw StrataError.conflictingParameters("device", request.name, differing);
    return { device: existing };
  }
  if (kit.maxResourcesPerTenant > 0) {
    const held = [...kit.catalog.devices.values()].filter((d) => d.workload!.tenantId === tenantId).length;
    if (held >= kit.maxResourcesPerTenant) {
      throw StrataError.capacityExhausted(`tenant "${tenantId}" devices (Limits.max_resources_per_tenant ${kit.maxResourcesPerTenant})`);
    }
  }
  const device: Device = {
    deviceId: newId("dev"),
    name: request.name,
    workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
    userId: request.userId,
    kind: request.kind,
    labels: { ...request.labels },
    enrollTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
    route: kit.route.route,
  };
  await kit.backend.enroll?.(device);
  kit.catalog.put(device);
  kit.topology.addDevice(device);
  return { device };
}

/** The parameters of a repeated enrolment that differ from the existing device, by field name. */
function differences(existing: Device, request: EnrollDeviceRequest): string[] {
  const out: string[] = [];
  if (existing.workload!.applicationId !== request.workload!.applicationId) out.push("workload.application_id");
  if (existing.userId !== request.userId) out.push("user_id");
  if (existing.kind !== request.kind) out.push("kind");
  if (JSON.stringify(sorted(existing.labels)) !== JSON.stringify(sorted(request.labels))) out.push("labels");
  return out;
}

function sorted(labels: Record<string, string>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** A DeviceKind this version of the contract defines, other than DEVICE_KIND_UNSPECIFIED. */
function isKnownKind(kind: DeviceKind): boolean {
  return Number.isInteger(kind) && kind >= DeviceKind.DEVICE_KIND_DESKTOP && kind <= DeviceKind.DEVICE_KIND_IOT;
}
