import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { Provisioning, VolumeServiceService, type CreateVolumeRequest, type Volume } from "./contracts.js";
import type { CallContext } from "../../server/call-context.js";
import { paginate } from "../../server/paginate.js";
import { sameLabels } from "../../server/same-labels.js";
import { defineService } from "../../server/service-registration.js";
import { poolOf, visibleVolume, type StorageKit } from "./storage-kit.js";
import { validate } from "../../server/validate.js";
import { checkVolumeSize } from "./volume-size.js";
import { newId } from "../../server/new-id.js";

/** strata.storage.v1.VolumeService over a StorageKit. */
export function createVolumeService(kit: StorageKit) {
  return defineService(VolumeServiceService, {
    createVolume: (request, ctx) => kit.exclusive(() => createVolume(kit, request, ctx)),

    deleteVolume: (request, ctx) => kit.exclusive(async () => {
      validate().id("volume_id", request.volumeId).throwIfAny();
      const volume = kit.catalog.volumes.get(request.volumeId);
      // Absent and foreign volumes answer OK alike: delete is idempotent and leaks nothing.
      if (!volume || !canAccessTenant(ctx.principal, volume.workload!.tenantId)) return {};
      if (kit.catalog.mappingsOf(volume.volumeId).length > 0) {
        throw StrataError.busy("volume", volume.volumeId, "is mapped to a host: unmap it first");
      }
      // Recorded first: a delete the catalogue could not record leaves the volume whole.
      await kit.catalog.commit({ removeVolume: volume.volumeId });
      kit.topology.removeVolume(volume);
      await kit.backend.deleteVolume(volume);
      kit.telemetry.endResource(volume.volumeId);
      return {};
    }),

    getVolume(request, ctx) {
      validate().id("volume_id", request.volumeId).throwIfAny();
      return { volume: current(kit, visibleVolume(kit, ctx.principal, request.volumeId)) };
    },

    listVolumes(request, ctx) {
      validate().id("application_id", request.applicationId, false).throwIfAny();
      const all = [...kit.catalog.volumes.values()].filter((v) =>
        canAccessTenant(ctx.principal, v.workload!.tenantId)
        && (request.applicationId === "" || v.workload!.applicationId === request.applicationId));
      const { items, page } = paginate(all, (v) => v.volumeId, request.page, {
        maxPageSize: kit.maxPageSize, filters: `${request.applicationId}`, context: ctx,
      });
      return { volumes: items.map((v) => current(kit, v)), page };
    },

    expandVolume: (request, ctx) => kit.exclusive(async () => {
      validate().id("volume_id", request.volumeId).size("capacity_bytes", request.capacityBytes, 512n).throwIfAny();
      if (!kit.capabilities.has(Feature.FEATURE_STORAGE_VOLUME_EXPANSION)) {
        throw StrataError.capabilityNotSupported("FEATURE_STORAGE_VOLUME_EXPANSION");
      }
      const volume = visibleVolume(kit, ctx.principal, request.volumeId);
      if (request.capacityBytes < volume.capacityBytes) {
        throw StrataError.invalidArgument("capacity_bytes", `must be at least the current size ${volume.capacityBytes}`);
      }
      if (request.capacityBytes > volume.capacityBytes) {
        checkVolumeSize(poolOf(kit, volume), request.capacityBytes);
        await kit.backend.expandVolume(volume, request.capacityBytes);
        const expanded = { ...volume, capacityBytes: request.capacityBytes };
        await undoing(kit.catalog.commit({ putVolume: expanded }), () => kit.backend.expandVolume(expanded, volume.capacityBytes));
        kit.topology.updateVolume(expanded);
        return { volume: current(kit, expanded) };
      }
      return { volume: current(kit, volume) };
    }),
  });
}

async function createVolume(kit: StorageKit, request: CreateVolumeRequest, ctx: CallContext) {
  const workload = request.workload;
  const checks = validate()
    .id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false)
    .size("capacity_bytes", request.capacityBytes, 512n)
    .id("pool_id", request.poolId, false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  checks.throwIfAny();
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);
  const provisioning = request.provisioning === Provisioning.PROVISIONING_UNSPECIFIED ? Provisioning.PROVISIONING_THICK : request.provisioning;
  if (provisioning === Provisioning.PROVISIONING_THIN && !kit.capabilities.has(Feature.FEATURE_STORAGE_THIN_PROVISIONING)) {
    throw StrataError.capabilityNotSupported("FEATURE_STORAGE_THIN_PROVISIONING");
  }
  const pools = kit.backend.pools();
  const pool = request.poolId === "" ? pools[0] : pools.find((p) => p.poolId === request.poolId);
  if (!pool) throw StrataError.notFound("pool", request.poolId);
  checkVolumeSize(pool, request.capacityBytes);

  const existing = kit.catalog.byName(tenantId, request.name);
  if (existing) {
    const differing = differences(existing, request, provisioning);
    if (differing.length > 0) throw StrataError.conflictingParameters("volume", request.name, differing);
    return { volume: current(kit, existing) };
  }
  if (kit.maxResourcesPerTenant > 0 && kit.catalog.volumesOf(tenantId) >= kit.maxResourcesPerTenant) {
    throw StrataError.capacityExhausted(`tenant "${tenantId}" volumes (Limits.max_resources_per_tenant ${kit.maxResourcesPerTenant})`);
  }
  const volume: Volume = {
    volumeId: newId("vol"),
    name: request.name,
    workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
    capacityBytes: request.capacityBytes,
    provisioning,
    allocatedBytes: 0n,
    poolId: pool.poolId,
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
    labels: { ...request.labels },
  };
  await kit.backend.createVolume(volume);
  await undoing(kit.catalog.commit({ putVolume: volume }), () => kit.backend.deleteVolume(volume));
  kit.topology.addVolume(volume);
  return { volume: current(kit, volume) };
}

/**
 * Waits for a catalogue commit; when it fails, undoes what the backend already
 * did (best effort) and rethrows, so the backend, memory and the store agree.
 */
async function undoing(commit: Promise<void>, undo: () => Promise<void>): Promise<void> {
  try {
    await commit;
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}

/** The parameters of a repeated create that differ from the existing volume, by field name. */
function differences(existing: Volume, request: CreateVolumeRequest, provisioning: Provisioning): string[] {
  const out: string[] = [];
  if (existing.workload!.applicationId !== request.workload!.applicationId) out.push("workload.application_id");
  if (existing.capacityBytes !== request.capacityBytes) out.push("capacity_bytes");
  if (existing.provisioning !== provisioning) out.push("provisioning");
  if (request.poolId !== "" && existing.poolId !== request.poolId) out.push("pool_id");
  if (!sameLabels(existing.labels, request.labels)) out.push("labels");
  return out;
}

/** The volume with its live allocation. */
export function current(kit: StorageKit, volume: Volume): Volume {
  return { ...volume, allocatedBytes: kit.backend.allocatedBytes(volume) };
}
