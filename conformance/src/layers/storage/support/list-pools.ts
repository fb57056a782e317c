import { poolsOf } from "./list-pages.js";
import { walkPages } from "../../../helpers/walk-pages.js";
import type { storage } from "@strata/sdk/storage";
import { type StorageContext, type StorageClients } from "../storage-checks.js";

/** Every pool, walking ListPools to its end (pools are shared: any caller sees them all). */
export function listPools(t: StorageContext, as: StorageClients = t.tenantA): Promise<storage.Pool[]> {
  return walkPages(t, "ListPools", poolsOf(as));
}

/**
 * A size (a multiple of 512) a quarter beyond a pool's capacity: clearly more
 * than it holds even while a pool on a shared filesystem grows and shrinks
 * with what other processes write.
 */
export function beyond(capacityBytes: bigint): bigint {
  return ((capacityBytes + capacityBytes / 4n) / 512n + 1n) * 512n;
}
