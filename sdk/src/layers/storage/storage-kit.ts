import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { Feature } from "../../gen/strata/core/v1/identity.js";
import type { Volume } from "./contracts.js";
import type { TelemetryRecorder } from "../../telemetry/index.js";
import type { StorageBackend } from "./storage-backend.js";
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
