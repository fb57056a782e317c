import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { sameLabels } from "../../server/same-labels.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { PortRole, ZoneServiceService, type CreateZoneRequest, type Zone } from "./contracts.js";
import { visibleZone, type FabricKit } from "./fabric-kit.js";
import { pairKey } from "./fabric-catalog.js";

/** A list of ids as a set: each once, in ascending order. */
const asSet = (ids: readonly string[]) => [...new Set(ids)].sort();

/** The checks of CreateZone that need no lookup, every bad field named at once (the ids' form is the kit's shared check). */
function checkCreate(request: CreateZoneRequest): void {
  const workload = request.workload;
  const checks = validate()
    .id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  if (request.initiatorPortIds.length === 0) checks.add("initiator_port_ids", "is required: at least one initiator port");
  if (request.targetPortIds.length === 0) checks.add("target_port_ids", "is required: at least one target port");
  checks.throwIfAny();
}

/** strata.fabric.v1.ZoneService over a FabricKit. */
export function createZoneService(kit: FabricKit) {
  return defineService(ZoneServiceService, {
    createZone: (request, ctx) => kit.exclusive(() => createZone(kit, request, ctx)),

    deleteZone: (request, ctx) => kit.exclusive(async () => {
      validate().id("zone_id", request.zoneId).throwIfAny();
      const zone = kit.catalog.zones.get(request.zoneId);
      // Absent and foreign zones answer OK alike: delete is idempotent and leaks nothing.
      if (!zone || !canAccessTenant(ctx.principal, zone.workload!.tenantId)) return {};
      const unzoned = kit.catalog.removeZone(zone);
      kit.topology.removeZone(zone, unzoned);
      for (const [initiator, target] of unzoned) kit.paths.forget(pairKey(initiator, target));
      return {};
    }),

    getZone(request, ctx) {
      validate().id("zone_id", request.zoneId).throwIfAny();
      return { zone: visibleZone(kit, ctx.principal, request.zoneId) };
    },

    listZones(request, ctx) {
      const all = [...kit.catalog.zones.values()].filter((z) =>
        canAccessTenant(ctx.principal, z.workload!.tenantId)
        && (request.portId === "" || z.initiatorPortIds.includes(request.portId) || z.targetPortIds.includes(request.portId)));
      const { items, page } = paginate(all, (z) => z.zoneId, request.page, { maxPageSize: kit.maxPageSize, filters: request.portId, context: ctx });
      return { zones: items, page };
    },
  });
}

async function createZone(kit: FabricKit, request: CreateZoneRequest, ctx: CallContext) {
  checkCreate(request);
  const workload = request.workload!;
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload.tenantId);
  const initiators = asSet(request.initiatorPortIds);
  const targets = asSet(request.targetPortIds);
  // A port of the zone is one of the zone's tenant that the caller may see; any other answers as one that does not exist.
  for (const portId of [...initiators, ...targets]) {
    const port = kit.catalog.ports.get(portId);
    if (!port || port.workload!.tenantId !== tenantId || !canAccessTenant(ctx.principal, tenantId)) throw StrataError.notFound("port", portId);
  }
  const roles = validate();
  const wrong = (ids: string[], role: PortRole) => ids.filter((id) => kit.catalog.ports.get(id)!.role !== role);
  const notInitiators = wrong(initiators, PortRole.PORT_ROLE_INITIATOR);
  const notTargets = wrong(targets, PortRole.PORT_ROLE_TARGET);
  if (notInitiators.length > 0) roles.add("initiator_port_ids", `port "${notInitiators[0]}" is a target, not an initiator`);
  if (notTargets.length > 0) roles.add("target_port_ids", `port "${notTargets[0]}" is an initiator, not a target`);
  roles.throwIfAny();

  const existing = kit.catalog.zoneByName(tenantId, request.name);
  if (existing) {
    const differing: string[] = [];
    if (existing.workload!.applicationId !== workload.applicationId) differing.push("workload.application_id");
    if (existing.initiatorPortIds.join() !== initiators.join()) differing.push("initiator_port_ids");
    if (existing.targetPortIds.join() !== targets.join()) differing.push("target_port_ids");
    if (!sameLabels(existing.labels, request.labels)) differing.push("labels");
    if (differing.length > 0) throw StrataError.conflictingParameters("zone", request.name, differing);
    return { zone: existing };
  }
  const zone: Zone = {
    zoneId: newId("zone"),
    name: request.name,
    workload: { tenantId, applicationId: workload.applicationId, component: workload.component },
    initiatorPortIds: initiators,
    targetPortIds: targets,
    labels: { ...request.labels },
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
  };
  kit.topology.addZone(zone, kit.catalog.putZone(zone));
  return { zone };
}
