import { isStrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { listPools } from "./support/list-pools.js";
import { storageOptions } from "./support/storage-options.js";
import { createVolume, trackCreated, volumeRequest } from "./support/storage-volumes.js";
import { check, type StorageContext } from "./storage-checks.js";

// What a pool declares of itself (its allocation unit, its largest volume) and
// how its totals behave at the edge of uint64.

const { Code } = rpc;
const THIN_PROVISIONING = core.Feature.FEATURE_STORAGE_THIN_PROVISIONING;
const EXPANSION = core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION;
/** The largest value of a uint64 field, where pool totals saturate. */
const UINT64_MAX = (1n << 64n) - 1n;
/** The largest volume the contract can express, a multiple of 512: nothing beyond it can be asked for. */
const LARGEST_CAPACITY = (1n << 64n) - 512n;
/** Volumes the suite creates at most to push a pool's totals past uint64. */
const MOST_VOLUMES_TO_SATURATE = 8;

/** The pool the suite's volumes go to: the configured one, else the server's choice (found by creating one). */
async function suitePool(t: StorageContext): Promise<storage.Pool> {
  const volume = await createVolume(t, "which-pool");
  const pool = (await listPools(t)).find((p) => p.poolId === volume.poolId);
  return pool ?? t.fail(`ListPools does not list pool ${volume.poolId}, where CreateVolume placed volume ${volume.volumeId}`);
}

check("ListPools gives every pool an allocation_unit_bytes (a power of two, at least 512) and a max_volume_bytes (a multiple of 512) [storage] [placement]",
  { covers: ["STOR-POOL-1", "STOR-POOL-2", "STOR-POOL-5", "STOR-POOL-6"] }, async (t) => {
    const pools = await listPools(t);
    if (pools.length === 0) t.fail("ListPools lists no pool; a storage endpoint must offer one");
    for (const pool of pools) {
      const unit = pool.allocationUnitBytes;
      t.ensure(unit >= 512n && (unit & (unit - 1n)) === 0n, `pool ${pool.poolId} declares allocation_unit_bytes ${unit}; the standard requires a power of two, at least 512`);
      t.ensure(pool.maxVolumeBytes > 0n && pool.maxVolumeBytes % 512n === 0n,
        `pool ${pool.poolId} declares max_volume_bytes ${pool.maxVolumeBytes}; the standard requires it set, a multiple of 512`);
    }
  });

check("CreateVolume and ExpandVolume beyond the pool's max_volume_bytes answer OUT_OF_RANGE naming capacity_bytes and change nothing [storage] [volumes] [errors]",
  { covers: ["STOR-POOL-4", "CORE-ERR-7"] }, async (t) => {
    const pool = await suitePool(t);
    if (pool.maxVolumeBytes > LARGEST_CAPACITY - 512n) t.skip(`pool ${pool.poolId} takes volumes up to ${pool.maxVolumeBytes} bytes: no larger size can be expressed`);
    const beyond = pool.maxVolumeBytes + 512n;
    // Thin where offered, so that the size itself, not the pool's free space, is at fault.
    const provisioning = t.has(THIN_PROVISIONING) ? storage.Provisioning.PROVISIONING_THIN : storage.Provisioning.PROVISIONING_UNSPECIFIED;
    const request = volumeRequest(t, "beyond-largest", { capacityBytes: beyond, provisioning, poolId: pool.poolId });
    const error = await t.expectCode(trackCreated(t, t.tenantA.volumes.createVolume(request)), Code.OUT_OF_RANGE,
      `CreateVolume of ${beyond} bytes on pool ${pool.poolId} (max_volume_bytes ${pool.maxVolumeBytes})`, core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
    t.ensure(error.fieldViolations.some((v) => v.field === "capacity_bytes"), `CreateVolume beyond max_volume_bytes: the BadRequest names ${error.fieldViolations.map((v) => v.field).join(", ") || "no field"}; the standard requires capacity_bytes`);
    if (!t.has(EXPANSION)) return;
    const volume = await createVolume(t, "expand-beyond-largest", { provisioning, poolId: pool.poolId });
    await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId: volume.volumeId, capacityBytes: beyond }), Code.OUT_OF_RANGE,
      `ExpandVolume to ${beyond} bytes on pool ${pool.poolId} (max_volume_bytes ${pool.maxVolumeBytes})`, core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
    const { volume: after } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume after the refused expansion");
    t.equal(after?.capacityBytes, volume.capacityBytes, "an ExpandVolume refused as OUT_OF_RANGE changed the volume's capacity_bytes");
  });

check("A pool's provisioned_bytes saturates at 2^64 − 1 when thin volumes provision more, and ListPools and GetPlacement keep answering [storage] [placement] [thin]",
  { requires: [THIN_PROVISIONING], covers: ["STOR-POOL-3"] }, async (t) => {
    const pool = await suitePool(t);
    const size = (pool.maxVolumeBytes / 512n) * 512n;
    const needed = Number(UINT64_MAX / size) + 1;
    if (needed > MOST_VOLUMES_TO_SATURATE) t.skip(`pool ${pool.poolId} takes volumes up to ${pool.maxVolumeBytes} bytes: ${needed} of them would be needed to provision past 2^64 − 1`);
    const volumes = [];
    for (let i = 0; i < needed; i++) volumes.push(await createVolume(t, `saturate-${i}`, { capacityBytes: size, provisioning: storage.Provisioning.PROVISIONING_THIN, poolId: pool.poolId }));
    const what = `${needed} thin volumes of ${size} bytes on pool ${pool.poolId}`;
    const listed = (await listPools(t)).find((p) => p.poolId === pool.poolId) ?? t.fail(`ListPools no longer lists pool ${pool.poolId} after ${what}`);
    t.equal(listed.provisionedBytes, UINT64_MAX, `ListPools after ${what}: provisioned_bytes must saturate at 2^64 − 1, never wrap`);
    const placement = await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: volumes[0]!.volumeId }), Code.OK, `GetPlacement after ${what}`);
    t.equal(placement.pool?.provisionedBytes, UINT64_MAX, `GetPlacement's pool after ${what}: provisioned_bytes must saturate at 2^64 − 1`);
  });

check("A volume counts in its own pool's allocated_bytes and provisioned_bytes, never in another pool's [storage] [placement] [capacity]",
  { covers: ["STOR-CAP-2"] }, async (t) => {
    const pools = await listPools(t);
    if (pools.length < 2) t.skip(`ListPools lists ${pools.length} pool: what one pool's volumes add to another's totals cannot be seen`);
    const home = await suitePool(t);
    const other = pools.find((p) => p.poolId !== home.poolId)!;
    const capacityBytes = storageOptions(t.config).volumeSizeBytes;
    const before = await listPools(t);
    const request = volumeRequest(t, "other-pool", { poolId: other.poolId, capacityBytes, provisioning: storage.Provisioning.PROVISIONING_THICK });
    const call = trackCreated(t, t.tenantA.volumes.createVolume(request));
    const refused = await call.then(() => undefined, (error: unknown) => error);
    if (isStrataError(refused) && Number(refused.code) === Code.RESOURCE_EXHAUSTED) t.skip(`pool ${other.poolId} cannot hold a thick ${capacityBytes}-byte volume: ${refused.message}`);
    const { volume } = await t.expectCode(call, Code.OK, `CreateVolume of a thick ${capacityBytes}-byte volume on pool ${other.poolId}`);
    t.equal(volume?.poolId, other.poolId, `CreateVolume naming pool ${other.poolId} placed the volume on another pool`);
    const after = await listPools(t);
    const what = `tenant A's ListPools before and after CreateVolume of a thick ${capacityBytes}-byte volume on pool ${other.poolId}`;
    for (const pool of before) {
      const now = after.find((p) => p.poolId === pool.poolId) ?? t.fail(`${what}: pool ${pool.poolId} is no longer listed`);
      const grown = pool.poolId === other.poolId ? capacityBytes : 0n;
      t.equal([now.allocatedBytes - pool.allocatedBytes, now.provisionedBytes - pool.provisionedBytes], [grown, grown],
        `${what}: pool ${pool.poolId}'s [allocated_bytes, provisioned_bytes] must grow by ${grown} bytes ${grown === 0n ? "(the volume is on another pool)" : "(its own thick volume)"}`);
    }
  });

check("Limits.max_io_bytes and max_page_size are at least the storage minimums, 64 KiB and 100 [storage] [limits]", { covers: ["STOR-LIM-1", "STOR-LIM-2"] }, (t) => {
  t.ensure(t.limits.maxIoBytes >= 65_536n, `Limits.max_io_bytes is ${t.limits.maxIoBytes}; the standard requires at least 65,536 (64 KiB) of a storage endpoint`);
  t.ensure(t.limits.maxPageSize >= 100, `Limits.max_page_size is ${t.limits.maxPageSize}; the standard requires at least 100 of a storage endpoint`);
});
