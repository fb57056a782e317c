import { StrataError } from "../../errors/strata-error.js";
import type { PoolDescription } from "./storage-backend.js";

/** The largest capacity the contract allows: the largest multiple of 512 a uint64 holds. */
export const LARGEST_CAPACITY_BYTES = (1n << 64n) - 512n;

/** The largest value of a uint64 field, where pool totals saturate. */
export const UINT64_MAX = (1n << 64n) - 1n;

/** The largest volume a pool takes: its declared maximum, else the contract's. */
export function maxVolumeBytesOf(pool: PoolDescription): bigint {
  const declared = pool.maxVolumeBytes ?? LARGEST_CAPACITY_BYTES;
  return declared < LARGEST_CAPACITY_BYTES ? declared : LARGEST_CAPACITY_BYTES;
}

/** OUT_OF_RANGE naming capacity_bytes when a volume of that size does not fit the pool's maximum. */
export function checkVolumeSize(pool: PoolDescription, capacityBytes: bigint): void {
  const largest = maxVolumeBytesOf(pool);
  if (capacityBytes > largest) {
    throw StrataError.outOfBounds("capacity_bytes", `must be at most ${largest}, the largest volume pool "${pool.poolId}" takes (Pool.max_volume_bytes)`);
  }
}

/** A sum of uint64 figures as the contract reports it: saturated at 2^64 - 1, never wrapped. */
export function saturated(sum: bigint): bigint {
  return sum > UINT64_MAX ? UINT64_MAX : sum;
}
