import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { sameLabels } from "../../server/same-labels.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { PortRole, PortServiceService, type CreatePortRequest, type Port } from "./contracts.js";
import { fabricPort, visiblePort, type FabricKit } from "./fabric-kit.js";

/** The checks of CreatePort that need no lookup, every bad field named at once. */
function checkCreate(request: CreatePortRequest): void {
  const workload = request.workload;
  const checks = validate()
    .id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  const initiator = request.role === PortRole.PORT_ROLE_INITIATOR;
  const target = request.role === PortRole.PORT_ROLE_TARGET;
  if (!initiator && !target) checks.add("role", "is required: PORT_ROLE_INITIATOR or PORT_ROLE_TARGET");
  if (initiator) checks.id("host_id", request.hostId);
  else if (request.hostId !== "") checks.add("host_id", "must be empty for a target: a target's place is its system_id");
  if (target) checks.id("system_id", request.systemId);
  else if (request.systemId !== "") checks.add("system_id", "must be empty for an initiator: an initiator's place is its host_id");
  checks.throwIfAny();
}

/** strata.fabric.v1.PortService over a FabricKit. */
export function createPortService(kit: FabricKit) {
  return defineService(PortServiceService, {
    createPort: (request, ctx) => kit.exclusive(() => createPort(kit, request, ctx)),

    async deletePort(request, ctx) {
      validate().id("port_id", request.portId).throwIfAny();
      const port = await kit.exclusive(async () => {
        const found = kit.catalog.ports.get(request.portId);
        // Absent and foreign ports answer OK alike: delete is idempotent and leaks nothing.
        if (!found || !canAccessTenant(ctx.principal, found.workload!.tenantId)) return undefined;
        const zones = kit.catalog.zonesOf(found.portId);
        if (zones.length > 0) throw StrataError.busy("port", found.portId, `is listed by zone "${zones[0]!.zoneId}": delete the zone first`);
        kit.catalog.removePort(found);
        kit.topology.removePort(found);
        return found;
      });
      if (port) {
        await kit.backend.removePort(fabricPort(port));
        kit.counters.forget(port.portId);
        kit.paths.forgetPort(port.portId);
        kit.telemetry.endResource(port.portId);
      }
      return {};
    },

    getPort(request, ctx) {
      validate().id("port_id", request.portId).throwIfAny();
      return { port: visiblePort(kit, ctx.principal, request.portId) };
    },

    listPorts(request, ctx) {
      validate().id("application_id", request.applicationId, false).throwIfAny();
      const all = [...kit.catalog.ports.values()].filter((p) =>
        canAccessTenant(ctx.principal, p.workload!.tenantId)
        && (request.applicationId === "" || p.workload!.applicationId === request.applicationId)
        && (request.role === PortRole.PORT_ROLE_UNSPECIFIED || p.role === request.role));
      const { items, page } = paginate(all, (p) => p.portId, request.page, {
        maxPageSize: kit.maxPageSize, filters: `${request.applicationId}\u0000${request.role}`, context: ctx,
      });
      return { ports: items, page };
    },
  });
}

async function createPort(kit: FabricKit, request: CreatePortRequest, ctx: CallContext) {
  checkCreate(request);
  const workload = request.workload!;
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload.tenantId);
  const existing = kit.catalog.portByName(tenantId, request.name);
  if (existing) {
    const differing = differences(existing, request);
    if (differing.length > 0) throw StrataError.conflictingParameters("port", request.name, differing);
    return { port: existing };
  }
  const link = kit.backend.linkFor(request.role);
  const port: Port = {
    portId: newId("port"),
    name: request.name,
    workload: { tenantId, applicationId: workload.applicationId, component: workload.component },
    role: request.role,
    hostId: request.hostId,
    systemId: request.systemId,
    labels: { ...request.labels },
    speedBytesPerSecond: BigInt(link.speedBytesPerSecond),
    bufferFrames: link.bufferFrames,
    storageBound: request.role === PortRole.PORT_ROLE_TARGET && kit.storage.bound(request.systemId),
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
  };
  await kit.backend.addPort(fabricPort(port));
  kit.catalog.putPort(port);
  kit.topology.addPort(port);
  return { port };
}

/** The parameters of a repeated create that differ from the existing port, by field name. */
function differences(existing: Port, request: CreatePortRequest): string[] {
  const out: string[] = [];
  if (existing.workload!.applicationId !== request.workload!.applicationId) out.push("workload.application_id");
  if (existing.role !== request.role) out.push("role");
  if (existing.hostId !== request.hostId) out.push("host_id");
  if (existing.systemId !== request.systemId) out.push("system_id");
  if (!sameLabels(existing.labels, request.labels)) out.push("labels");
  return out;
}
