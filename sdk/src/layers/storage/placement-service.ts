import { PlacementServiceService, type Pool } from "./contracts.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import type { PoolDescription } from "./storage-backend.js";
import { visibleVolume, type StorageKit } from "./storage-kit.js";
import { validate } from "../../server/validate.js";

/** strata.storage.v1.PlacementService: where volumes live and how full pools are. */
export function createPlacementService(kit: StorageKit) {
  return defineService(PlacementServiceService, {
    getPlacement(request, ctx) {
      validate().id("volume_id", request.volumeId).throwIfAny();
      const volume = visibleVolume(kit, ctx.principal, request.volumeId);
      const pool = kit.backend.pools().find((p) => p.poolId === volume.poolId)!;
      const { luns, devices } = kit.backend.placement(volume);
      return { volumeId: volume.volumeId, pool: poolStatus(kit, pool), luns, devices };
    },
    listPools(request) {
      const pools = kit.backend.pools().map((p) => poolStatus(kit, p));
      const { items, page } = paginate(pools, (p) => p.poolId, request.page, { maxPageSize: kit.maxPageSize });
      return { pools: items, page };
    },
  });
}

/** A pool with its allocation figures summed over the catalogue. */
export function poolStatus(kit: StorageKit, pool: PoolDescription): Pool {
  let allocatedBytes = 0n;
  let provisionedBytes = 0n;
  for (const volume of kit.catalog.volumes.values()) {
    if (volume.poolId !== pool.poolId) continue;
    allocatedBytes += kit.backend.allocatedBytes(volume);
    provisionedBytes += volume.capacityBytes;
  }
  return {
    poolId: pool.poolId, name: pool.name, capacityBytes: pool.capacityBytes,
    allocatedBytes, provisionedBytes, deviceIds: pool.devices.map((d) => d.deviceId),
  };
}
