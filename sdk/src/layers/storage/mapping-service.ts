import { canAccessTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { MappingServiceService, type LunMapping } from "./contracts.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { visibleVolume, type StorageKit } from "./storage-kit.js";
import { validate } from "../../server/validate.js";
import { newId } from "../../server/new-id.js";

/** strata.storage.v1.MappingService over a StorageKit. */
export function createMappingService(kit: StorageKit) {
  return defineService(MappingServiceService, {
    mapVolume: (request, ctx) => kit.exclusive(async () => {
      validate().id("volume_id", request.volumeId).text("host_id", request.hostId).throwIfAny();
      const volume = visibleVolume(kit, ctx.principal, request.volumeId);
      const existing = kit.catalog.mappingsOf(volume.volumeId).find((m) => m.hostId === request.hostId);
      if (existing) return { mapping: existing };
      const lun = kit.catalog.freeLun(request.hostId, volume.workload!.tenantId);
      // The lowest free LUN reaches the limit only when every LUN below it is taken.
      if (kit.maxLunsPerHost > 0 && lun >= kit.maxLunsPerHost) {
        throw StrataError.capacityExhausted(`host "${request.hostId}" LUN space of tenant "${volume.workload!.tenantId}" (Limits.max_luns_per_host ${kit.maxLunsPerHost})`);
      }
      const mapping: LunMapping = {
        mappingId: newId("map"), volumeId: volume.volumeId, hostId: request.hostId, lun, tenantId: volume.workload!.tenantId,
      };
      await kit.catalog.commit({ putMapping: mapping });
      kit.topology.addMapping(mapping, volume);
      return { mapping };
    }),

    unmapVolume: (request, ctx) => kit.exclusive(async () => {
      validate().id("volume_id", request.volumeId).text("host_id", request.hostId).throwIfAny();
      const mapping = kit.catalog.mappingsOf(request.volumeId).find((m) => m.hostId === request.hostId);
      if (!mapping || !canAccessTenant(ctx.principal, mapping.tenantId)) return {};
      await kit.catalog.commit({ removeMapping: mapping.mappingId });
      kit.topology.removeMapping(mapping);
      return {};
    }),

    listMappings(request, ctx) {
      validate().id("volume_id", request.volumeId, false).throwIfAny();
      const all = [...kit.catalog.mappings.values()].filter((m) =>
        canAccessTenant(ctx.principal, m.tenantId)
        && (request.volumeId === "" || m.volumeId === request.volumeId)
        && (request.hostId === "" || m.hostId === request.hostId));
      const { items, page } = paginate(all, (m) => m.mappingId, request.page, {
        maxPageSize: kit.maxPageSize, filters: `${request.volumeId}\u0000${request.hostId}`, context: ctx,
      });
      return { mappings: items, page };
    },
  }, { freeTextFields: ["host_id"] }); // a host as the caller names it (an initiator name, say), at most 256 bytes
}
