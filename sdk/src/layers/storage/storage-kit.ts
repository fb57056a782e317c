import { canAccessTenant, isOperator, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { Feature } from "../../gen/strata/core/v1/identity.js";
import type { Volume } from "./contracts.js";
import type { TelemetryRecorder } from "../../telemetry/index.js";
import type { PoolDescription, StorageBackend } from "./storage-backend.js";
import type { StorageTopology } from "./storage-topology.js";
import type { VolumeCatalog } from "./volume-catalog.js";

/** What every storage service handler shares. */
export interface StorageKit {
  readonly catalog: VolumeCatalog;
  readonly backend: StorageBackend;
  readonly topology: StorageTopology;
  readonly telemetry: TelemetryRecorder;
  readonly capabilities: ReadonlySet<Feature>;
  readonly maxPageSize: number;
  readonly maxIoBytes: number;
  /** Volumes one tenant may hold (Limits.max_resources_per_tenant); 0 for no limit. */
  readonly maxResourcesPerTenant: number;
  /** Serialises catalogue changes so concurrent creates of one name cannot race. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
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
