import { core, rpc } from "@strata/sdk/contracts";
import { createVolume, KiB, MiB, pattern, trackCreated, volumeRequest } from "./support/storage-volumes.js";
import { volumeSize } from "./support/storage-options.js";
import { storage } from "@strata/sdk/storage";
import { check } from "./storage-checks.js";

const { Code } = rpc;
const { PROVISIONING_THIN: THIN, PROVISIONING_THICK: THICK } = storage.Provisioning;
const THIN_PROVISIONING = core.Feature.FEATURE_STORAGE_THIN_PROVISIONING;
const THIN_DECLARED = { requires: [THIN_PROVISIONING] } as const;

check("A thin volume's allocated_bytes grows with writes and stays within its capacity [storage] [thin] [capacity]", { ...THIN_DECLARED, covers: ["CORE-CAP-3"] }, async (t) => {
  const capacity = volumeSize(t.config, 4n * MiB);
  const volume = await createVolume(t, "thin", { capacityBytes: capacity, provisioning: THIN });
  t.equal(volume.provisioning, THIN, "CreateVolume with PROVISIONING_THIN must store a thin volume");
  const allocated = async (when: string) => {
    const { volume: now } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, `GetVolume ${when}`);
    const bytes = now?.allocatedBytes ?? 0n;
    t.ensure(bytes <= capacity, `a thin volume of ${capacity} bytes reports allocated_bytes ${bytes} ${when}; the standard caps it at capacity_bytes`);
    return bytes;
  };
  const fresh = await allocated("before any write");
  const write = (offset: bigint, data: Buffer) =>
    t.expectCode(t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: offset, data, durable: false }), Code.OK, `Write of ${data.length} bytes at ${offset}`);
  const chunk = pattern(4 * Number(KiB), 21);
  await Promise.all([write(0n, chunk), write(capacity / 1024n * 512n, chunk)]);
  const written = await allocated("after writing 8 KiB");
  t.ensure(written > fresh, `a thin volume's allocated_bytes stayed ${fresh} after 8 KiB were written; the standard requires it to grow with writes`);
  t.ensure(written >= 8n * KiB, `a thin volume reports allocated_bytes ${written} after 8 KiB were written to two places; `
    + "the standard requires what was written, rounded up to the allocation unit");
  const step = t.limits.maxIoBytes < MiB ? t.limits.maxIoBytes : MiB;
  const fill = pattern(Number(step), 22);
  for (let offset = 0n; offset < capacity; offset += step) await write(offset, offset + step > capacity ? fill.subarray(0, Number(capacity - offset)) : fill);
  await allocated("after writing every byte");
});

check("CreateVolume compares provisioning: a thin name repeated as thick answers ALREADY_EXISTS [storage] [thin] [idempotency]", { ...THIN_DECLARED, covers: ["CORE-IDEM-1", "CORE-IDEM-2", "CORE-CAP-3"] }, async (t) => {
  const thin = await createVolume(t, "thin-idem", { provisioning: THIN });
  const again = await t.expectCode(t.tenantA.volumes.createVolume(volumeRequest(t, "", { name: thin.name, provisioning: THIN })), Code.OK, "CreateVolume repeated as thin");
  t.equal(again.volume?.volumeId, thin.volumeId, "CreateVolume repeated with the same parameters must return the existing volume");
  await t.expectCode(trackCreated(t, t.tenantA.volumes.createVolume(volumeRequest(t, "", { name: thin.name, provisioning: THICK }))), Code.ALREADY_EXISTS,
    `CreateVolume reusing thin "${thin.name}" as thick`, core.ErrorReason.ERROR_REASON_CONFLICTING_PARAMETERS);
});

check("CreateVolume with PROVISIONING_THIN answers UNIMPLEMENTED when FEATURE_STORAGE_THIN_PROVISIONING is not declared [storage] [thin] [capabilities]", { covers: ["CORE-CAP-2"] }, async (t) => {
  if (t.has(THIN_PROVISIONING)) t.skip("the endpoint declares FEATURE_STORAGE_THIN_PROVISIONING");
  await t.expectCode(trackCreated(t, t.tenantA.volumes.createVolume(volumeRequest(t, "no-thin", { provisioning: THIN }))), Code.UNIMPLEMENTED,
    "CreateVolume with PROVISIONING_THIN on an endpoint that does not declare FEATURE_STORAGE_THIN_PROVISIONING", core.ErrorReason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
});

check("A thin volume's allocated_bytes is what was written, rounded up to the pool's allocation_unit_bytes [storage] [thin] [capacity]", { ...THIN_DECLARED, covers: ["STOR-VOL-7", "STOR-POOL-1"] }, async (t) => {
  const probe = await createVolume(t, "which-unit", { provisioning: THIN });
  const pool = (await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: probe.volumeId }), Code.OK, "GetPlacement")).pool;
  const unit = pool?.allocationUnitBytes ?? 0n;
  if (unit < 512n) t.fail(`pool ${probe.poolId} declares allocation_unit_bytes ${unit}; the standard requires a power of two, at least 512`);
  const volume = await createVolume(t, "rounded", { provisioning: THIN, capacityBytes: volumeSize(t.config, 8n * unit) });
  const steps: [string, bigint, bigint][] = [
    ["1 byte at offset 0", 0n, unit],
    [`1 byte at offset ${unit - 1n}, in the same unit`, unit - 1n, unit],
    [`1 byte at offset ${2n * unit + 7n}, in the third unit`, 2n * unit + 7n, 2n * unit],
  ];
  for (const [what, offset, expected] of steps) {
    await t.expectCode(t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: offset, data: Buffer.from([0x5a]), durable: false }), Code.OK, `Write of ${what}`);
    const { volume: now } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, `GetVolume after the write of ${what}`);
    t.equal(now?.allocatedBytes, expected, `a thin volume's allocated_bytes after writing ${what} (allocation unit ${unit}) must be the units written, rounded up`);
  }
  // A volume whose capacity ends inside a unit, written whole: rounded up, but never above its capacity_bytes.
  const size = volumeSize(t.config, unit);
  const capacityBytes = size % unit === 0n ? size + 512n : size;
  if (unit > 512n) {
    const partial = await createVolume(t, "partial-unit", { provisioning: THIN, capacityBytes, poolId: probe.poolId });
    const step = t.limits.maxIoBytes < MiB ? t.limits.maxIoBytes : MiB;
    for (let offset = 0n; offset < capacityBytes; offset += step) {
      const length = offset + step > capacityBytes ? capacityBytes - offset : step;
      await t.expectCode(t.tenantA.block.write({ volumeId: partial.volumeId, offsetBytes: offset, data: Buffer.alloc(Number(length), 0x5a), durable: false }), Code.OK,
        `Write of ${length} bytes at offset ${offset} of a thin volume of ${capacityBytes} bytes`);
    }
    const { volume: now } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: partial.volumeId }), Code.OK, `GetVolume of the thin volume of ${capacityBytes} bytes, written whole`);
    t.equal(now?.allocatedBytes, capacityBytes, `a thin volume of ${capacityBytes} bytes written whole (allocation unit ${unit}, its last unit partial): `
      + "allocated_bytes is the units written, rounded up, and never above capacity_bytes");
  }
});
