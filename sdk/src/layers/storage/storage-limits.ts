import type { PoolDescription } from "./storage-backend.js";

/** The smallest Limits.max_io_bytes a storage endpoint may declare: every client can move 64 KiB in one call. */
export const MIN_MAX_IO_BYTES = 65_536;

/** The smallest Limits.max_page_size a storage endpoint may declare. */
export const MIN_MAX_PAGE_SIZE = 100;

/**
 * Refuses, before the endpoint serves anything, a configuration that breaks
 * the storage spec's floors (docs/storage.md, "Limits a storage endpoint
 * declares"): limits below the minimums or out of their field's range, pools
 * without a valid allocation unit or largest volume.
 */
export function checkStorageConfiguration(limits: { maxIoBytes: number; maxPageSize: number; maxLunsPerHost: number }, pools: PoolDescription[]): void {
  const problems = [
    limits.maxIoBytes < MIN_MAX_IO_BYTES && `limits.maxIoBytes ${limits.maxIoBytes} is below the storage minimum: at least ${MIN_MAX_IO_BYTES}`,
    limits.maxPageSize < MIN_MAX_PAGE_SIZE && `limits.maxPageSize ${limits.maxPageSize} is below the storage minimum: at least ${MIN_MAX_PAGE_SIZE}`,
    !(Number.isInteger(limits.maxLunsPerHost) && limits.maxLunsPerHost >= 0 && limits.maxLunsPerHost <= 0xffff_ffff)
      && `limits.maxLunsPerHost ${limits.maxLunsPerHost} must be a whole number from 0 (no limit) to 2^32 − 1`,
    ...pools.flatMap((pool) => [
      !isPowerOfTwoFrom512(pool.allocationUnitBytes) && `pool "${pool.poolId}": allocationUnitBytes ${pool.allocationUnitBytes} must be a power of two, at least 512`,
      pool.maxVolumeBytes !== undefined && (pool.maxVolumeBytes < 512n || pool.maxVolumeBytes % 512n !== 0n)
        && `pool "${pool.poolId}": maxVolumeBytes ${pool.maxVolumeBytes} must be a positive multiple of 512`,
    ]),
  ].filter((problem): problem is string => typeof problem === "string");
  if (problems.length > 0) throw new TypeError(`createStorageServer: ${problems.join("; ")}`);
}

function isPowerOfTwoFrom512(value: bigint): boolean {
  return value >= 512n && (value & (value - 1n)) === 0n;
}
