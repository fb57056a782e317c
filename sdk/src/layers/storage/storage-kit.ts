import { canAccessTenant, isOperator, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { LayerKitBase } from "../../server/serve-layer-kit.js";
import type { Volume } from "./contracts.js";
import type { PoolDescription, StorageBackend } from "./storage-backend.js";
import type { StorageTopology } from "./storage-topology.js";
import type { VolumeCatalog } from "./volume-catalog.js";

/** What every storage service handler shares. */
export interface StorageKit extends LayerKitBase {
  readonly catalog: VolumeCatalog;
  readonly backend: StorageBackend;
  readonly topology: StorageTopology;
  /** Volumes one host may have mapped in one tenant's LUN space (Limits.max_luns_per_host); 0 for no limit. */
  readonly maxLunsPerHost: number;
}

/** The volume if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visibleVolume(kit: StorageKit, principal: Principal, volumeId: string): Volume {
  const volume = kit.catalog.volumes.get(volumeId);
  if (!volume || !canAccessTenant(principal, volume.workload!.tenantId)) throw StrataError.notFound("volume", volumeId);
  return volume;
}

/**
 * The tenant whose share of shared infrastructure (pool totals, device
 * latency) a caller is shown: its own, or undefined for an operator, who sees
 * every tenant's.
 */
export function viewerTenantOf(principal: Principal): string | undefined {
  return isOperator(principal) ? undefined : principal.tenantId;
}

/**
 * The pool a volume is placed on. A backend may stop offering a pool (taken
 * offline, reconfigured): its volumes then answer FAILED_PRECONDITION for what
 * needs the pool, naming it, until it is back.
 */
export function poolOf(kit: StorageKit, volume: Volume): PoolDescription {
  const pool = kit.backend.pools().find((p) => p.poolId === volume.poolId);
  if (!pool) throw StrataError.busy("volume", volume.volumeId, `is placed on pool "${volume.poolId}", which the endpoint does not offer now`);
  return pool;
}
