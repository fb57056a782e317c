import { core, rpc } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import type { StorageContext } from "../storage-checks.js";
import { volumeSize } from "./storage-options.js";
import { createVolume } from "./storage-volumes.js";

/** Writes `data` at `offset` as tenant A, expecting OK and bytes_written = its size. */
export async function writeBytes(t: StorageContext, volumeId: string, offset: bigint, data: Buffer, durable = false): Promise<void> {
  const what = `Write of ${data.length} bytes at offset ${offset}${durable ? " (durable)" : ""}`;
  const { bytesWritten } = await t.expectCode(t.tenantA.block.write({ volumeId, offsetBytes: offset, data, durable }), rpc.Code.OK, what);
  t.equal(bytesWritten, BigInt(data.length), `${what}: bytes_written must be the size of data`);
}

/**
 * Reads as tenant A, in Reads of at most Limits.max_io_bytes, and asserts the
 * bytes, naming the first byte that differs.
 */
export async function expectBytes(t: StorageContext, volumeId: string, offset: bigint, expected: Buffer, situation: string): Promise<void> {
  const chunk = maxIo(t);
  for (let done = 0; done < expected.length; done += chunk) {
    const part = expected.subarray(done, done + chunk);
    const at = offset + BigInt(done);
    const what = `Read of ${part.length} bytes at offset ${at}`;
    const { data } = await t.expectCode(t.tenantA.block.read({ volumeId, offsetBytes: at, lengthBytes: BigInt(part.length) }), rpc.Code.OK, what);
    t.ensure(data.length === part.length, `${what} returned ${data.length} bytes; the standard requires exactly length_bytes`);
    const differs = data.findIndex((byte, i) => byte !== part[i]);
    t.ensure(differs < 0, `${what} (${situation}): byte ${at + BigInt(differs)} is ${data[differs]}, expected ${part[differs]}; `
      + "the standard requires a Read to return what Write stored, and zeros where nothing was written");
  }
}

/** Limits.max_io_bytes as a number of bytes (1 when the endpoint declares none: the identity suite fails that). */
export function maxIo(t: Pick<StorageContext, "limits">): number {
  const declared = t.limits.maxIoBytes;
  return declared < 1n ? 1 : declared > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(declared);
}

/**
 * A volume tenant A can write, of at least `atLeast` bytes and the configured
 * volume size; thin when offered, so that a large one reserves nothing.
 */
export async function writableVolume(t: StorageContext, stem: string, atLeast = 1n << 20n): Promise<{ volumeId: string; capacity: bigint }> {
  const provisioning = t.has(core.Feature.FEATURE_STORAGE_THIN_PROVISIONING) ? storage.Provisioning.PROVISIONING_THIN : storage.Provisioning.PROVISIONING_UNSPECIFIED;
  const volume = await createVolume(t, stem, { capacityBytes: volumeSize(t.config, atLeast), provisioning });
  return { volumeId: volume.volumeId, capacity: volume.capacityBytes };
}
