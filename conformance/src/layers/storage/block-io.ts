import { core, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { createVolume, KiB, MiB, pattern, uniqueName } from "./support/storage-volumes.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
/** Writes above this are not worth sending to prove that max_io_bytes is enforced. */
const LARGEST_OVERSIZED_WRITE = 8 * 1024 * 1024;

/** Writes `data` at `offset` as tenant A, expecting OK and bytes_written = its size. */
async function write(t: StorageContext, volumeId: string, offset: bigint, data: Buffer, durable = false): Promise<void> {
  const what = `Write of ${data.length} bytes at offset ${offset}${durable ? " (durable)" : ""}`;
  const { bytesWritten } = await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: offset, data, durable }), Code.OK, what);
  t.equal(bytesWritten, BigInt(data.length), `${what}: bytes_written must be the size of data`);
}

/** Reads as tenant A and asserts the bytes, naming the first byte that differs. */
async function expectBytes(t: StorageContext, volumeId: string, offset: bigint, expected: Buffer, situation: string): Promise<void> {
  const what = `Read of ${expected.length} bytes at offset ${offset}`;
  const { data } = await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: offset, lengthBytes: BigInt(expected.length) }), Code.OK, what);
  t.ensure(data.length === expected.length, `${what} returned ${data.length} bytes; the standard requires exactly length_bytes`);
  const at = data.findIndex((byte, i) => byte !== expected[i]);
  t.ensure(at < 0, `${what} (${situation}): byte ${BigInt(at) + offset} is ${data[at]}, expected ${expected[at]}; the standard requires a Read to return what Write stored, and zeros where nothing was written`);
}

/** A volume tenant A can write, of `capacityBytes` (1 MiB by default); thin when offered, so that a large one reserves nothing. */
const volumeFor = async (t: StorageContext, stem: string, capacityBytes = MiB) => {
  const provisioning = t.has(core.Feature.FEATURE_STORAGE_THIN_PROVISIONING) ? storage.Provisioning.PROVISIONING_THIN : storage.Provisioning.PROVISIONING_UNSPECIFIED;
  return (await createVolume(t, stem, { capacityBytes, provisioning })).volumeId;
};

check("Read returns what Write stored at unaligned offsets [storage] [block-io]", { covers: ["CORE-COMP-1", "STOR-SVC-1"] }, async (t) => {
  const volumeId = await volumeFor(t, "unaligned");
  const writes: [bigint, Buffer][] = [[1n, pattern(3, 1)], [511n, pattern(2, 2)], [513n, pattern(700, 3)], [4095n, pattern(4098, 4)], [65537n, pattern(70_001, 5)]];
  await Promise.all(writes.map(([offset, data]) => write(t, volumeId, offset, data)));
  for (const [offset, data] of writes) await expectBytes(t, volumeId, offset, data, "read back where it was written");
  // One read over all of them: the writes in place and zeros between them.
  const image = Buffer.alloc(65537 + 70_001);
  for (const [offset, data] of writes) data.copy(image, Number(offset));
  await expectBytes(t, volumeId, 0n, image, "one read spanning every write and the gaps between");
});

check("A write straddling block boundaries reads back whole and leaves its neighbours untouched [storage] [block-io]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const volumeId = await volumeFor(t, "straddle");
  const straddles: [bigint, Buffer][] = [[4090n, pattern(12, 6)], [65530n, pattern(8192 + 13, 7)], [MiB / 2n - 1n, pattern(2, 8)]];
  for (const [offset, data] of straddles) {
    await write(t, volumeId, offset, data);
    await expectBytes(t, volumeId, offset - 16n, Buffer.concat([Buffer.alloc(16), data, Buffer.alloc(16)]), "with 16 untouched bytes either side");
  }
});

check("Read and Write reach the last byte of the volume [storage] [block-io] [boundaries]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const capacity = MiB;
  const volumeId = await volumeFor(t, "last-byte", capacity);
  await write(t, volumeId, capacity - 1n, Buffer.from([0xa5]));
  await expectBytes(t, volumeId, capacity - 1n, Buffer.from([0xa5]), "the last byte");
  await write(t, volumeId, capacity - 3n, Buffer.from([1, 2]));
  await expectBytes(t, volumeId, capacity - 4n, Buffer.from([0, 1, 2, 0xa5]), "the last four bytes");
  await write(t, volumeId, 0n, Buffer.from([0x5a]));
  await expectBytes(t, volumeId, 0n, Buffer.from([0x5a, 0]), "the first bytes");
});

check("Bytes never written read as zeros [storage] [block-io]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const volumeId = await volumeFor(t, "zeros");
  await expectBytes(t, volumeId, 0n, Buffer.alloc(4096), "a fresh volume's first block");
  await expectBytes(t, volumeId, 777_777n, Buffer.alloc(10_000), "a fresh volume at an unaligned offset");
  await expectBytes(t, volumeId, MiB - 512n, Buffer.alloc(512), "a fresh volume's last sector");
});

check("A zero-length Read answers OK with empty data, also at the end of the volume [storage] [block-io] [boundaries]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const volumeId = await volumeFor(t, "zero-length");
  for (const offset of [0n, 12_345n, MiB]) {
    const { data } = await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: offset, lengthBytes: 0n }), Code.OK, `Read of 0 bytes at offset ${offset}`);
    t.equal(data.length, 0, `Read of 0 bytes at offset ${offset} must return empty data`);
  }
});

check("Read and Write past the end of the volume answer OUT_OF_RANGE [storage] [block-io] [boundaries] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-1"] }, async (t) => {
  const capacity = MiB;
  const volumeId = await volumeFor(t, "out-of-range", capacity);
  const maxUint64 = (1n << 64n) - 1n;
  const reads: [bigint, bigint][] = [[capacity, 1n], [capacity - 1n, 2n], [capacity + 4096n, 512n], [maxUint64, 2n]];
  for (const [offset, length] of reads) {
    await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: offset, lengthBytes: length }), Code.OUT_OF_RANGE,
      `Read of ${length} bytes at offset ${offset} of a ${capacity}-byte volume`, Reason.ERROR_REASON_OUT_OF_BOUNDS);
  }
  const writes: [bigint, number][] = [[capacity, 1], [capacity - 1n, 2], [maxUint64, 2]];
  for (const [offset, length] of writes) {
    await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: offset, data: pattern(length, 9), durable: false }), Code.OUT_OF_RANGE,
      `Write of ${length} bytes at offset ${offset} of a ${capacity}-byte volume`, Reason.ERROR_REASON_OUT_OF_BOUNDS);
  }
  await expectBytes(t, volumeId, capacity - 2n, Buffer.alloc(2), "the end of the volume after the refused writes");
});

check("Read longer than max_io_bytes answers INVALID_ARGUMENT naming length_bytes [storage] [block-io] [limits] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-LIM-2"] }, async (t) => {
  const maxIo = t.limits.maxIoBytes;
  // Room for the whole oversized read, so that only its length is at fault.
  const capacity = ((maxIo + 1n) / 512n + 1n) * 512n;
  const volumeId = await volumeFor(t, "long-read", capacity);
  await expectInvalidField(t, t.tenantA.block.read({ volumeId, offsetBytes: 0n, lengthBytes: maxIo + 1n }), "length_bytes",
    `Read of max_io_bytes + 1 = ${maxIo + 1n} bytes`);
});

check("Write larger than max_io_bytes answers INVALID_ARGUMENT naming data [storage] [block-io] [limits] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-LIM-2"] }, async (t) => {
  const maxIo = t.limits.maxIoBytes;
  if (maxIo > BigInt(LARGEST_OVERSIZED_WRITE)) t.skip(`max_io_bytes is ${maxIo}: the suite sends no write above ${LARGEST_OVERSIZED_WRITE} bytes`);
  const capacity = ((maxIo + 1n) / 512n + 1n) * 512n;
  const volumeId = await volumeFor(t, "big-write", capacity);
  const data = pattern(Number(maxIo) + 1, 10);
  await expectInvalidField(t, t.tenantA.block.write({ volumeId, offsetBytes: 0n, data, durable: false }), "data", `Write of max_io_bytes + 1 = ${data.length} bytes`);
  await expectBytes(t, volumeId, 0n, Buffer.alloc(4096), "the volume after the refused write");
});

check("Write with durable = true answers OK and reads back [storage] [block-io]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const volumeId = await volumeFor(t, "durable");
  const data = pattern(3 * Number(KiB) + 5, 11);
  await write(t, volumeId, 1000n, data, true);
  await expectBytes(t, volumeId, 1000n, data, "after a durable write");
});

check("Write is idempotent, and a later write wins [storage] [block-io] [idempotency]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const volumeId = await volumeFor(t, "write-idem");
  const first = pattern(1500, 12);
  await t.repeat(() => write(t, volumeId, 100n, first));
  await expectBytes(t, volumeId, 100n, first, "after the repeated write");
  const later = pattern(500, 13);
  await write(t, volumeId, 600n, later);
  await expectBytes(t, volumeId, 100n, Buffer.concat([first.subarray(0, 500), later, first.subarray(1000)]), "after a later overlapping write");
});

check("Read and Write of an unknown volume answer NOT_FOUND [storage] [block-io] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-1"] }, async (t) => {
  const volumeId = uniqueName("unknown");
  await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: 0n, lengthBytes: 1n }), Code.NOT_FOUND, "Read of an unknown volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: 0n, data: Buffer.from([1]), durable: false }), Code.NOT_FOUND,
    "Write to an unknown volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("Read and Write without volume_id answer INVALID_ARGUMENT naming volume_id [storage] [block-io] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  await expectInvalidField(t, t.tenantA.block.read(storage.ReadRequest.fromPartial({ lengthBytes: 1n })), "volume_id", "Read without volume_id");
  await expectInvalidField(t, t.tenantA.block.write(storage.WriteRequest.fromPartial({ data: Buffer.from([1]) })), "volume_id", "Write without volume_id");
});
