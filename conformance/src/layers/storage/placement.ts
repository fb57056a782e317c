import { core, rpc } from "@strata/sdk/contracts";
import { duplicates } from "../../helpers/duplicates.js";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { listPools } from "./support/list-pools.js";
import { createVolume, MiB, uniqueName } from "./support/storage-volumes.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

const { Code } = rpc;

/** Problems of one IoLatency summary: mean 0 without ops, mean ≤ max. */
function latencyProblems(owner: string, latency: storage.IoLatency | undefined): string[] {
  if (!latency) return [];
  const problems: string[] = [];
  if (latency.ops === 0n && latency.meanLatencyNs !== 0n) problems.push(`${owner}: mean_latency_ns ${latency.meanLatencyNs} with 0 ops (must be 0)`);
  if (latency.meanLatencyNs > latency.maxLatencyNs) problems.push(`${owner}: mean_latency_ns ${latency.meanLatencyNs} above max_latency_ns ${latency.maxLatencyNs}`);
  return problems;
}

check("GetPlacement describes the volume's pool, LUNs and devices [storage] [placement]", { covers: ["CORE-COMP-1", "STOR-SVC-1"] }, async (t) => {
  const volume = await createVolume(t, "placement");
  await t.expectCode(t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: 0n, data: Buffer.alloc(4096, 1), durable: false }), Code.OK, "Write");
  const placement = await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: volume.volumeId }), Code.OK, "GetPlacement");
  t.equal(placement.volumeId, volume.volumeId, "GetPlacement must answer for the volume asked");
  t.equal(placement.pool?.poolId, volume.poolId, "GetPlacement's pool must be the volume's pool_id");
  t.ensure(placement.luns.length > 0, "GetPlacement lists no LUN; the standard requires at least one");
  const lunIds = placement.luns.map((l) => l.lunId);
  t.ensure(!lunIds.includes("") && duplicates(lunIds).length === 0, `GetPlacement's lun_ids [${lunIds.join(", ")}] must be non-empty and unique within the pool`);
  const deviceIds = placement.devices.map((d) => d.deviceId);
  const repeated = duplicates(deviceIds);
  t.ensure(!deviceIds.includes(""), "GetPlacement lists a device with an empty device_id");
  t.ensure(repeated.length === 0, `GetPlacement lists devices ${repeated.join(", ")} more than once; the standard requires each device once`);
  const named = [...new Set(placement.luns.flatMap((l) => l.deviceIds))];
  const unlisted = named.filter((id) => !deviceIds.includes(id));
  t.ensure(unlisted.length === 0, `the LUNs name devices ${unlisted.join(", ")} that GetPlacement's devices do not list; the standard requires every device a LUN names`);
  const outsidePool = named.filter((id) => !placement.pool?.deviceIds.includes(id));
  t.ensure(outsidePool.length === 0, `the LUNs name devices ${outsidePool.join(", ")} that are not among the pool's device_ids`);
  const unknownKinds = placement.devices.filter((d) => d.kind === storage.DeviceKind.DEVICE_KIND_UNSPECIFIED).map((d) => d.deviceId);
  if (unknownKinds.length > 0) t.log(`devices of unknown kind (DEVICE_KIND_UNSPECIFIED): ${unknownKinds.join(", ")}`);
  const problems = [
    ...placement.luns.flatMap((l) => latencyProblems(`LUN ${l.lunId}`, l.latency)),
    ...placement.devices.flatMap((d) => latencyProblems(`device ${d.deviceId}`, d.latency)),
  ];
  t.ensure(problems.length === 0, `GetPlacement's latency summaries are inconsistent: ${problems.join("; ")}`);
});

check("GetPlacement of an unknown volume answers NOT_FOUND, without volume_id INVALID_ARGUMENT [storage] [placement] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: uniqueName("unknown") }), Code.NOT_FOUND,
    "GetPlacement of an unknown volume", core.ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await expectInvalidField(t, t.tenantA.placement.getPlacement({ volumeId: "" }), "volume_id", "GetPlacement without volume_id");
});

/** The pool of that id, as ListPools shows it now. */
async function poolNow(t: StorageContext, poolId: string): Promise<storage.Pool> {
  const pool = (await listPools(t)).find((p) => p.poolId === poolId);
  return pool ?? t.fail(`ListPools no longer lists pool ${poolId}`);
}

check("ListPools accounts a thick volume's capacity at create and releases it at delete [storage] [placement] [capacity]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const size = 3n * MiB + 512n;
  const pools = await listPools(t);
  for (const p of pools) {
    t.ensure(p.poolId !== "", "ListPools lists a pool with an empty pool_id");
    t.ensure(p.allocatedBytes <= p.capacityBytes, `pool ${p.poolId} reports allocated_bytes ${p.allocatedBytes} above capacity_bytes ${p.capacityBytes}`);
  }
  const volume = await createVolume(t, "accounting", { capacityBytes: size, provisioning: storage.Provisioning.PROVISIONING_THICK });
  t.equal(volume.allocatedBytes, size, "a thick volume's allocated_bytes must be its capacity_bytes");
  const before = pools.find((p) => p.poolId === volume.poolId) ?? t.fail(`the volume's pool ${volume.poolId} is not listed by ListPools`);
  const during = await poolNow(t, volume.poolId);
  t.equal([during.provisionedBytes - before.provisionedBytes, during.allocatedBytes - before.allocatedBytes], [size, size],
    `pool ${volume.poolId}: provisioned_bytes and allocated_bytes must grow by the thick volume's capacity_bytes (${size}) at create`);
  await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId: volume.volumeId }), Code.OK, "DeleteVolume");
  const after = await poolNow(t, volume.poolId);
  t.equal([after.provisionedBytes, after.allocatedBytes], [before.provisionedBytes, before.allocatedBytes],
    `pool ${volume.poolId}: provisioned_bytes and allocated_bytes must fall back at delete`);
});
