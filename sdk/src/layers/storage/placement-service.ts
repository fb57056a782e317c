import { PlacementServiceService, type Pool } from "./contracts.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import type { PoolDescription } from "./storage-backend.js";
import { poolOf, viewerTenantOf, visibleVolume, type StorageKit } from "./storage-kit.js";
import { validate } from "../../server/validate.js";
import { maxVolumeBytesOf, saturated } from "./volume-size.js";

/** strata.storage.v1.PlacementService: where volumes live and how full pools are. */
export function createPlacementService(kit: StorageKit) {
  return defineService(PlacementServiceService, {
    getPlacement(request, ctx) {
      validate().id("volume_id", request.volumeId).throwIfAny();
      const volume = visibleVolume(kit, ctx.principal, request.volumeId);
      const pool = poolOf(kit, volume);
      const viewer = viewerTenantOf(ctx.principal);
      const { luns, devices } = kit.backend.placement(volume, viewer);
      return { volumeId: volume.volumeId, pool: poolStatus(kit, pool, viewer), luns, devices };
    },
    listPools(request, ctx) {
      const viewer = viewerTenantOf(ctx.principal);
      const pools = kit.backend.pools().map((p) => poolStatus(kit, p, viewer));
      const { items, page } = paginate(pools, (p) => p.poolId, request.page, { maxPageSize: kit.maxPageSize, context: ctx });
      return { pools: items, page };
    },
  });
}

/**
 * A pool with its allocation figures summed over the catalogue: over the
 * viewer tenant's volumes only, or every tenant's for an operator (undefined),
 * so that a tenant never reads another's activity off a shared pool.
 */
export function poolStatus(kit: StorageKit, pool: PoolDescription, viewerTenantId: string | undefined): Pool {
  let allocatedBytes = 0n;
  let provisionedBytes = 0n;
  for (const volume of kit.catalog.volumes.values()) {
    if (volume.poolId !== pool.poolId) continue;
    if (viewerTenantId !== undefined && volume.workload!.tenantId !== viewerTenantId) continue;
    allocatedBytes += kit.backend.allocatedBytes(volume);
    provisionedBytes += volume.capacityBytes;
  }
  return {
    poolId: pool.poolId, name: pool.name, capacityBytes: pool.capacityBytes,
    allocatedBytes: saturated(allocatedBytes), provisionedBytes: saturated(provisionedBytes),
    deviceIds: pool.devices.map((d) => d.deviceId),
    allocationUnitBytes: pool.allocationUnitBytes, maxVolumeBytes: maxVolumeBytesOf(pool),
  };
}
