import { core, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { beyond, listPools } from "./support/list-pools.js";
import { createVolume, pattern } from "./support/storage-volumes.js";
import { absentId, volumeSize } from "./support/storage-options.js";
import { storage } from "@strata/sdk/storage";
import { check } from "./storage-checks.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const EXPANSION = core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION;
const EXPANDABLE = { requires: [EXPANSION] } as const;
const THIN_PROVISIONING = core.Feature.FEATURE_STORAGE_THIN_PROVISIONING;

check("ExpandVolume grows the volume and keeps its data [storage] [expansion]", { ...EXPANDABLE, covers: ["CORE-CAP-3", "CORE-COMP-1"] }, async (t) => {
  const size = volumeSize(t.config);
  const { volumeId } = await createVolume(t, "grow", { capacityBytes: size });
  const data = pattern(1000, 20);
  await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: size - 1000n, data, durable: false }), Code.OK, "Write at the end before expanding");
  const { volume } = await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId, capacityBytes: 2n * size }), Code.OK, `ExpandVolume from ${size} to ${2n * size} bytes`);
  t.equal(volume?.capacityBytes, 2n * size, "ExpandVolume must answer the volume at its new size");
  const got = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId }), Code.OK, "GetVolume after ExpandVolume");
  t.equal(got.volume?.capacityBytes, 2n * size, "GetVolume after ExpandVolume must show the new capacity_bytes");
  const before = await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: size - 1000n, lengthBytes: 1000n }), Code.OK, "Read of the data written before");
  t.ensure(before.data.equals(data), "the data written before ExpandVolume reads back changed; the standard requires expansion to keep it");
  const grown = await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: size, lengthBytes: 4096n }), Code.OK, "Read of the new space");
  t.ensure(grown.data.equals(Buffer.alloc(4096)), "the space ExpandVolume added does not read as zeros; bytes never written must");
  await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: 2n * size - 1n, data: Buffer.from([7]), durable: false }), Code.OK, "Write of the new last byte");
  await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: 2n * size, lengthBytes: 1n }), Code.OUT_OF_RANGE,
    "Read just past the new end", Reason.ERROR_REASON_OUT_OF_BOUNDS);
});

check("ExpandVolume to the current size answers OK and changes nothing [storage] [expansion] [idempotency]", { ...EXPANDABLE, covers: ["CORE-CAP-3", "CORE-COMP-1"] }, async (t) => {
  const { volumeId, capacityBytes } = await createVolume(t, "same-size");
  const answers = await t.repeat((i) => t.expectCode(t.tenantA.volumes.expandVolume({ volumeId, capacityBytes }), Code.OK, `ExpandVolume to the current size (call ${i + 1})`));
  const sizes = [...new Set(answers.map((a) => a.volume?.capacityBytes))];
  t.equal(sizes, [capacityBytes], "ExpandVolume to the current size must answer the volume unchanged");
});

check("ExpandVolume to a smaller size, or one not a multiple of 512, answers INVALID_ARGUMENT naming capacity_bytes [storage] [expansion] [errors]", { ...EXPANDABLE, covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  const size = volumeSize(t.config);
  const { volumeId } = await createVolume(t, "shrink", { capacityBytes: 2n * size });
  await expectInvalidField(t, t.tenantA.volumes.expandVolume({ volumeId, capacityBytes: size }), "capacity_bytes", `ExpandVolume from ${2n * size} to ${size} bytes`);
  await expectInvalidField(t, t.tenantA.volumes.expandVolume({ volumeId, capacityBytes: 3n * size + 100n }), "capacity_bytes", "ExpandVolume to a size not a multiple of 512");
  const { volume } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId }), Code.OK, "GetVolume after the refused expansions");
  t.equal(volume?.capacityBytes, 2n * size, "a refused ExpandVolume changed the volume's capacity_bytes");
});

check("ExpandVolume of an unknown volume answers NOT_FOUND, without volume_id INVALID_ARGUMENT [storage] [expansion] [errors]", { ...EXPANDABLE, covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  const capacityBytes = 2n * volumeSize(t.config);
  await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId: absentId(t.config), capacityBytes }), Code.NOT_FOUND,
    "ExpandVolume of an unknown volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await expectInvalidField(t, t.tenantA.volumes.expandVolume({ volumeId: "", capacityBytes }), "volume_id", "ExpandVolume without volume_id");
});

check("ExpandVolume of a thick volume beyond the pool's capacity answers RESOURCE_EXHAUSTED without RetryInfo [storage] [expansion] [capacity]", { ...EXPANDABLE, covers: ["CORE-ERR-7", "CORE-ERR-1"] }, async (t) => {
  const volume = await createVolume(t, "expand-too-far", { provisioning: storage.Provisioning.PROVISIONING_THICK });
  const pool = (await listPools(t)).find((p) => p.poolId === volume.poolId);
  if (!pool) return t.fail(`the volume's pool_id "${volume.poolId}" is not a pool ListPools lists`);
  const capacityBytes = beyond(pool.capacityBytes);
  const error = await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId: volume.volumeId, capacityBytes }), Code.RESOURCE_EXHAUSTED,
    `ExpandVolume of a thick volume to ${capacityBytes} bytes (pool capacity ${pool.capacityBytes})`, Reason.ERROR_REASON_CAPACITY_EXHAUSTED);
  t.ensure(error.retryDelayMs === undefined, `ExpandVolume beyond capacity carries RetryInfo (${error.retryDelayMs} ms); the standard forbids it on CAPACITY_EXHAUSTED`);
  const { volume: after } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume after the refused expansion");
  t.equal(after?.capacityBytes, volume.capacityBytes, "a refused ExpandVolume changed the volume's capacity_bytes");
});

check("ExpandVolume answers UNIMPLEMENTED when FEATURE_STORAGE_VOLUME_EXPANSION is not declared [storage] [expansion] [capabilities]", { covers: ["CORE-CAP-2"] }, async (t) => {
  if (t.has(EXPANSION)) t.skip("the endpoint declares FEATURE_STORAGE_VOLUME_EXPANSION");
  const { volumeId, capacityBytes } = await createVolume(t, "no-expansion");
  await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId, capacityBytes: 2n * capacityBytes }), Code.UNIMPLEMENTED,
    "ExpandVolume on an endpoint that does not declare FEATURE_STORAGE_VOLUME_EXPANSION", Reason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
});

check("ExpandVolume of a thin volume takes no pool space: one expanded beyond its pool's capacity answers OK [storage] [expansion] [thin] [capacity]",
  { requires: [EXPANSION, THIN_PROVISIONING], covers: ["STOR-CAP-1", "CORE-CAP-3"] }, async (t) => {
    const volume = await createVolume(t, "expand-thin", { provisioning: storage.Provisioning.PROVISIONING_THIN });
    const pool = (await listPools(t)).find((p) => p.poolId === volume.poolId);
    if (!pool) return t.fail(`the volume's pool_id "${volume.poolId}" is not a pool ListPools lists`);
    const capacityBytes = beyond(pool.capacityBytes);
    if (pool.maxVolumeBytes > 0n && capacityBytes > pool.maxVolumeBytes) {
      t.skip(`pool ${pool.poolId} takes volumes of at most ${pool.maxVolumeBytes} bytes (max_volume_bytes), below its capacity of ${pool.capacityBytes} and a quarter`);
    }
    const { volume: grown } = await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId: volume.volumeId, capacityBytes }), Code.OK,
      `ExpandVolume of a thin volume to ${capacityBytes} bytes, beyond its pool's capacity of ${pool.capacityBytes}: a thin volume takes pool space as it is written, never as it grows`);
    t.equal(grown?.capacityBytes, capacityBytes, "ExpandVolume must answer the thin volume at its new size");
  });
