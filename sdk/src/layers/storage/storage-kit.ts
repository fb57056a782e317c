import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { LayerKitBase } from "../../server/serve-layer-kit.js";
import type { Volume } from "./contracts.js";
import type { StorageBackend } from "./storage-backend.js";
import type { StorageTopology } from "./storage-topology.js";
import type { VolumeCatalog } from "./volume-catalog.js";

/** What every storage service handler shares. */
export interface StorageKit extends LayerKitBase {
  readonly catalog: VolumeCatalog;
  readonly backend: StorageBackend;
  readonly topology: StorageTopology;
}

/** The volume if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visibleVolume(kit: StorageKit, principal: Principal, volumeId: string): Volume {
  const volume = kit.catalog.volumes.get(volumeId);
  if (!volume || !canAccessTenant(principal, volume.workload!.tenantId)) throw StrataError.notFound("volume", volumeId);
  return volume;
}
