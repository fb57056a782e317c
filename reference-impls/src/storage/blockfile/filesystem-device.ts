import { realpath, stat, statfs } from "node:fs/promises";
import { findMount } from "./mount-info.js";

/** The filesystem holding the data directory, as the pool's one device. */
export interface FilesystemDevice {
  /** "dev-<major>:<minor>", from st_dev. */
  deviceId: string;
  /** The filesystem's type, e.g. "ext4 filesystem": no host path (mount source or point), which tenants must not read. */
  description: string;
  /** The filesystem's size. */
  capacityBytes: bigint;
  /** Its allocation unit, bytes. */
  blockSize: number;
}

/** Identifies and measures the filesystem holding `dir`. */
export async function probeFilesystem(dir: string): Promise<FilesystemDevice> {
  const [{ dev }, fs, path] = await Promise.all([stat(dir, { bigint: true }), statfs(dir, { bigint: true }), realpath(dir)]);
  const { major, minor } = deviceNumbers(dev);
  const mount = await findMount(`${major}:${minor}`, path);
  return {
    deviceId: `dev-${major}:${minor}`,
    description: `${mount?.fsType ?? "host"} filesystem`,
    capacityBytes: fs.blocks * fs.bsize,
    blockSize: Number(fs.bsize),
  };
}

/** Bytes the filesystem still offers an unprivileged writer. */
export async function freeBytes(dir: string): Promise<bigint> {
  const fs = await statfs(dir, { bigint: true });
  return fs.bavail * fs.bsize;
}

/** Splits a Linux dev_t (glibc's encoding: 12-bit major, 20-bit minor, split across the word). */
export function deviceNumbers(dev: bigint): { major: bigint; minor: bigint } {
  return {
    major: ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn),
    minor: (dev & 0xffn) | ((dev >> 12n) & ~0xffn),
  };
}

/**
 * The unit a volume file's allocation rounds to: the filesystem's block size
 * when it is a power of two of 512 or more (st_blocks counts 512-byte units).
 */
export function allocationUnitOf(blockSize: number): bigint {
  return blockSize >= 512 && (blockSize & (blockSize - 1)) === 0 ? BigInt(blockSize) : 512n;
}
