import { core, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { expectBytes, maxIo, writableVolume, writeBytes as write } from "./support/block-bytes.js";
import { createVolume, KiB, MiB, pattern } from "./support/storage-volumes.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";
import { absentId } from "./support/storage-options.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
/** Payloads above this are not worth sending to prove that max_io_bytes is kept. */
const LARGEST_IO = 8 * 1024 * 1024;
/** Where vendors keep internal pages, blocks and extents: the sector, filesystem blocks, common page and extent sizes. */
const BOUNDARIES = [512n, 4096n, 8192n, 16_384n, 32_768n, 65_536n, 131_072n, 262_144n, 524_288n, 1_048_576n];

check("Read returns what Write stored at unaligned offsets [storage] [block-io]", { covers: ["CORE-COMP-1", "STOR-SVC-1", "STOR-IO-2"] }, async (t) => {
  const { volumeId } = await writableVolume(t, "unaligned");
  // Sized by Limits.max_io_bytes: a vendor may declare less than the 70,001 bytes the last write wants.
  const sized = (n: number, seed: number) => pattern(Math.min(n, maxIo(t)), seed);
  const writes: [bigint, Buffer][] = [[1n, sized(3, 1)], [511n, sized(2, 2)], [513n, sized(700, 3)], [4095n, sized(4098, 4)], [65537n, sized(70_001, 5)]];
  await Promise.all(writes.map(([offset, data]) => write(t, volumeId, offset, data)));
  for (const [offset, data] of writes) await expectBytes(t, volumeId, offset, data, "read back where it was written");
  // Everything at once: the writes in place and zeros between them (in Reads of at most max_io_bytes).
  const image = Buffer.alloc(65537 + writes.at(-1)![1].length);
  for (const [offset, data] of writes) data.copy(image, Number(offset));
  await expectBytes(t, volumeId, 0n, image, "reads spanning every write and the gaps between");
});

check("A write straddling block boundaries reads back whole and leaves its neighbours untouched [storage] [block-io]", { covers: ["CORE-COMP-1", "STOR-IO-2"] }, async (t) => {
  const { volumeId } = await writableVolume(t, "straddle");
  const straddles: [bigint, Buffer][] = [[4090n, pattern(12, 6)], [65530n, pattern(Math.min(8192 + 13, maxIo(t)), 7)], [MiB / 2n - 1n, pattern(2, 8)]];
  for (const [offset, data] of straddles) {
    await write(t, volumeId, offset, data);
    await expectBytes(t, volumeId, offset - 16n, Buffer.concat([Buffer.alloc(16), data, Buffer.alloc(16)]), "with 16 untouched bytes either side");
  }
});

check("A write across an internal page or block boundary keeps the data written earlier on both sides [storage] [block-io]", { covers: ["STOR-IO-2", "CORE-COMP-1"] }, async (t) => {
  const { volumeId } = await writableVolume(t, "neighbours", 2n * MiB);
  for (const [i, boundary] of BOUNDARIES.entries()) {
    // Data on both sides of the boundary first; then a write across it that overlaps each by 4 bytes.
    const before = pattern(296, 40 + i);
    const after = pattern(296, 60 + i);
    const across = pattern(16, 80 + i);
    await write(t, volumeId, boundary - 300n, before);
    await write(t, volumeId, boundary + 4n, after);
    await write(t, volumeId, boundary - 8n, across);
    const image = Buffer.alloc(800); // [boundary - 400, boundary + 400)
    before.copy(image, 100);
    after.copy(image, 404);
    across.copy(image, 392);
    await expectBytes(t, volumeId, boundary - 400n, image,
      `around offset ${boundary}, after writes on both sides and then one across it: what was written earlier must stay where the later write did not overlap it`);
  }
});

check("Read and Write reach the last byte of the volume [storage] [block-io] [boundaries]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const { volumeId, capacity } = await writableVolume(t, "last-byte");
  await write(t, volumeId, capacity - 1n, Buffer.from([0xa5]));
  await expectBytes(t, volumeId, capacity - 1n, Buffer.from([0xa5]), "the last byte");
  await write(t, volumeId, capacity - 3n, Buffer.from([1, 2]));
  await expectBytes(t, volumeId, capacity - 4n, Buffer.from([0, 1, 2, 0xa5]), "the last four bytes");
  await write(t, volumeId, 0n, Buffer.from([0x5a]));
  await expectBytes(t, volumeId, 0n, Buffer.from([0x5a, 0]), "the first bytes");
});

check("Bytes never written read as zeros [storage] [block-io]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const { volumeId, capacity } = await writableVolume(t, "zeros");
  await expectBytes(t, volumeId, 0n, Buffer.alloc(4096), "a fresh volume's first block");
  await expectBytes(t, volumeId, 777_777n, Buffer.alloc(10_000), "a fresh volume at an unaligned offset");
  await expectBytes(t, volumeId, capacity - 512n, Buffer.alloc(512), "a fresh volume's last sector");
});

check("A zero-length Read answers OK with empty data, also at the end of the volume [storage] [block-io] [boundaries]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const { volumeId, capacity } = await writableVolume(t, "zero-length");
  for (const offset of [0n, 12_345n, capacity]) {
    const { data } = await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: offset, lengthBytes: 0n }), Code.OK, `Read of 0 bytes at offset ${offset}`);
    t.equal(data.length, 0, `Read of 0 bytes at offset ${offset} must return empty data`);
  }
});

/** A range past the end is a request field at fault: the BadRequest names one of the range's fields (the spec leaves which). */
function namesRange(t: StorageContext, error: { fieldViolations: readonly { field: string }[] }, what: string, fields: readonly string[]): void {
  const named = error.fieldViolations.map((v) => v.field);
  t.ensure(named.some((f) => fields.includes(f)), `${what}: the BadRequest names ${named.map((f) => `"${f}"`).join(", ") || "no field"}; `
    + `the standard requires a field_violations entry naming the field at fault, one of ${fields.join(", ")}`);
}

check("Read and Write past the end of the volume answer OUT_OF_RANGE naming the range's field [storage] [block-io] [boundaries] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-1", "CORE-ERR-3"] }, async (t) => {
  const { volumeId, capacity } = await writableVolume(t, "out-of-range");
  const maxUint64 = (1n << 64n) - 1n;
  const reads: [bigint, bigint][] = [[capacity, 1n], [capacity - 1n, 2n], [capacity + 4096n, 512n], [maxUint64, 2n]];
  for (const [offset, length] of reads) {
    const what = `Read of ${length} bytes at offset ${offset} of a ${capacity}-byte volume`;
    namesRange(t, await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: offset, lengthBytes: length }), Code.OUT_OF_RANGE,
      what, Reason.ERROR_REASON_OUT_OF_BOUNDS), what, ["offset_bytes", "length_bytes"]);
  }
  const writes: [bigint, number][] = [[capacity, 1], [capacity - 1n, 2], [maxUint64, 2]];
  for (const [offset, length] of writes) {
    const what = `Write of ${length} bytes at offset ${offset} of a ${capacity}-byte volume`;
    namesRange(t, await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: offset, data: pattern(length, 9), durable: false }), Code.OUT_OF_RANGE,
      what, Reason.ERROR_REASON_OUT_OF_BOUNDS), what, ["offset_bytes", "data"]);
  }
  await expectBytes(t, volumeId, capacity - 2n, Buffer.alloc(2), "the end of the volume after the refused writes");
});

check("Read and Write of exactly max_io_bytes succeed [storage] [block-io] [limits]", { covers: ["CORE-LIM-2", "STOR-IO-2"] }, async (t) => {
  const size = maxIo(t);
  if (size > LARGEST_IO) t.skip(`max_io_bytes is ${size}: the suite sends no payload above ${LARGEST_IO} bytes`);
  const { volumeId } = await writableVolume(t, "max-io", BigInt(size) + 1024n);
  const data = pattern(size, 14);
  const what = `of exactly max_io_bytes = ${size} bytes at offset 511`;
  await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: 511n, data, durable: false }), Code.OK, `Write ${what}`);
  await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: 511n, lengthBytes: BigInt(size) }), Code.OK, `Read ${what}`);
  await expectBytes(t, volumeId, 511n, data, "a Read of exactly max_io_bytes after a Write of as many");
});

/** Writes the concurrency check sends at once, and the bytes of each: side by side, they fill 64 KiB. */
const AT_ONCE = 64;
const EACH = 1024;

check("Writes sent at once to one volume all answer OK and read back [storage] [block-io]", { covers: ["STOR-IO-2", "CORE-COMP-1"] }, async (t) => {
  // A vendor queues I/O behind its devices: work sent at once must all be served, none left waiting for good.
  const { volumeId } = await writableVolume(t, "at-once", BigInt(AT_ONCE * EACH));
  const datas = Array.from({ length: AT_ONCE }, (_, i) => pattern(EACH, 20 + i));
  await Promise.all(datas.map((data, i) => t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: BigInt(i * EACH), data, durable: false }, { timeoutMs: 3000 }), Code.OK,
    `Write #${i + 1} of ${AT_ONCE} of ${EACH} bytes side by side, sent at once`)));
  await expectBytes(t, volumeId, 0n, Buffer.concat(datas), `a Read of the ${AT_ONCE} Writes of ${EACH} bytes sent at once`);
});

/** Where a JavaScript number stops telling neighbouring integers apart. */
const TWO_TO_53 = 1n << 53n;

check("Bytes are addressed exactly over the whole range: neighbouring offsets above 2^53 and the last bytes of the largest volume read back apart [storage] [block-io] [boundaries]",
  { requires: [core.Feature.FEATURE_STORAGE_THIN_PROVISIONING], covers: ["STOR-IO-1", "STOR-IO-2"] }, async (t) => {
    const probe = await writableVolume(t, "which-pool-largest");
    const placed = await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: probe.volumeId }), Code.OK, "GetPlacement of a volume of the suite's pool");
    const largest = placed.pool?.maxVolumeBytes ?? 0n;
    if (largest === 0n) t.fail("GetPlacement's pool has no max_volume_bytes; the standard requires it set");
    // Thin, so that a volume as large as the pool takes reserves nothing.
    const { volumeId } = await createVolume(t, "largest", { capacityBytes: largest, provisioning: storage.Provisioning.PROVISIONING_THIN, poolId: placed.pool!.poolId });
    const spots: [bigint, number][] = [[largest - 3n, 0xa1], [largest - 2n, 0xa2], [largest - 1n, 0xa3]];
    if (largest > TWO_TO_53 + 2n) spots.push([TWO_TO_53, 0xb1], [TWO_TO_53 + 1n, 0xb2]);
    for (const [offset, byte] of spots) await write(t, volumeId, offset, Buffer.from([byte]));
    await expectBytes(t, volumeId, largest - 4n, Buffer.from([0, 0xa1, 0xa2, 0xa3]), `the last bytes of a volume of ${largest} bytes, written one by one`);
    if (largest > TWO_TO_53 + 2n) await expectBytes(t, volumeId, TWO_TO_53 - 1n, Buffer.from([0, 0xb1, 0xb2, 0]), "bytes 2^53 and 2^53 + 1, written one by one");
  });

check("Read longer than max_io_bytes answers INVALID_ARGUMENT naming length_bytes [storage] [block-io] [limits] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-LIM-2"] }, async (t) => {
  const maxIoBytes = t.limits.maxIoBytes;
  // Room for the whole oversized read, so that only its length is at fault.
  const { volumeId } = await writableVolume(t, "long-read", maxIoBytes + 1n);
  await expectInvalidField(t, t.tenantA.block.read({ volumeId, offsetBytes: 0n, lengthBytes: maxIoBytes + 1n }), "length_bytes",
    `Read of max_io_bytes + 1 = ${maxIoBytes + 1n} bytes`);
});

check("Write larger than max_io_bytes answers INVALID_ARGUMENT naming data [storage] [block-io] [limits] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-LIM-2"] }, async (t) => {
  const size = maxIo(t);
  if (size > LARGEST_IO) t.skip(`max_io_bytes is ${size}: the suite sends no write above ${LARGEST_IO} bytes`);
  const { volumeId } = await writableVolume(t, "big-write", BigInt(size) + 1n);
  const data = pattern(size + 1, 10);
  await expectInvalidField(t, t.tenantA.block.write({ volumeId, offsetBytes: 0n, data, durable: false }), "data", `Write of max_io_bytes + 1 = ${data.length} bytes`);
  await expectBytes(t, volumeId, 0n, Buffer.alloc(4096), "the volume after the refused write");
});

check("Write with durable = true answers OK and reads back [storage] [block-io]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const { volumeId } = await writableVolume(t, "durable");
  const data = pattern(3 * Number(KiB) + 5, 11);
  await write(t, volumeId, 1000n, data, true);
  await expectBytes(t, volumeId, 1000n, data, "after a durable write");
});

check("Write is idempotent, and a later write wins [storage] [block-io] [idempotency]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const { volumeId } = await writableVolume(t, "write-idem");
  const first = pattern(1500, 12);
  await t.repeat(() => write(t, volumeId, 100n, first));
  await expectBytes(t, volumeId, 100n, first, "after the repeated write");
  const later = pattern(500, 13);
  await write(t, volumeId, 600n, later);
  await expectBytes(t, volumeId, 100n, Buffer.concat([first.subarray(0, 500), later, first.subarray(1000)]), "after a later overlapping write");
});

check("Read and Write of an unknown volume answer NOT_FOUND [storage] [block-io] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-1"] }, async (t) => {
  const volumeId = absentId(t.config);
  await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: 0n, lengthBytes: 1n }), Code.NOT_FOUND, "Read of an unknown volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: 0n, data: Buffer.from([1]), durable: false }), Code.NOT_FOUND,
    "Write to an unknown volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("Read and Write without volume_id answer INVALID_ARGUMENT naming volume_id [storage] [block-io] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  await expectInvalidField(t, t.tenantA.block.read(storage.ReadRequest.fromPartial({ lengthBytes: 1n })), "volume_id", "Read without volume_id");
  await expectInvalidField(t, t.tenantA.block.write(storage.WriteRequest.fromPartial({ data: Buffer.from([1]) })), "volume_id", "Write without volume_id");
});
