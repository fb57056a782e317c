import type { LayerServer } from "../../server/create-layer-server.js";
import { layerKitBase, layerKitLimits, serveLayerKit, type LayerKitOptions } from "../../server/serve-layer-kit.js";
import { createBlockService, storageDataPath } from "./block-service.js";
import { createMappingService } from "./mapping-service.js";
import { createPlacementService } from "./placement-service.js";
import { createQosService } from "./qos-service.js";
import type { StorageBackend } from "./storage-backend.js";
import type { StorageKit } from "./storage-kit.js";
import { STORAGE_CATALOGUE } from "./storage-catalogue.js";
import { checkStorageConfiguration } from "./storage-limits.js";
import { StorageTopology } from "./storage-topology.js";
import { createMemoryStateStore, type StateStore } from "./state-store.js";
import { VolumeCatalog } from "./volume-catalog.js";
import { createVolumeService } from "./volume-service.js";

/**
 * Volumes one tenant may hold unless the vendor declares otherwise
 * (limits.maxResourcesPerTenant; 0 declares no limit): enough for real use,
 * and a bound on what one tenant can make the endpoint keep.
 */
export const DEFAULT_MAX_VOLUMES_PER_TENANT = 1000;

/**
 * Volumes one host may have mapped in one tenant's LUN space unless the vendor
 * declares otherwise (limits.maxLunsPerHost; 0 declares no limit): the LUNs
 * one SCSI target addresses in its flat 14-bit space.
 */
export const DEFAULT_MAX_LUNS_PER_HOST = 16_384;

/** The five storage services a storage endpoint serves. */
export interface StorageServices {
  volumes: ReturnType<typeof createVolumeService>;
  block: ReturnType<typeof createBlockService>;
  mappings: ReturnType<typeof createMappingService>;
  qos: ReturnType<typeof createQosService>;
  placement: ReturnType<typeof createPlacementService>;
}

export interface StorageServerOptions extends LayerKitOptions<StorageServices, StorageKit> {
  /** The vendor's storage logic. */
  backend: StorageBackend;
  /** Where volumes, mappings and policies are kept; memory by default. */
  stateStore?: StateStore;
}

/** A storage endpoint: a LayerServer plus the storage kit behind it. */
export interface StorageServer extends LayerServer {
  readonly kit: StorageKit;
}

/**
 * Serves the whole storage layer over a vendor's StorageBackend: the five
 * storage services, plus everything createLayerServer gives. Loads the saved
 * catalogue first, so a restarted endpoint reports what it held.
 */
export async function createStorageServer(options: StorageServerOptions): Promise<StorageServer> {
  const defaults = { maxResourcesPerTenant: DEFAULT_MAX_VOLUMES_PER_TENANT };
  const maxLunsPerHost = options.limits?.maxLunsPerHost ?? DEFAULT_MAX_LUNS_PER_HOST;
  checkStorageConfiguration({ ...layerKitLimits(options, defaults), maxLunsPerHost }, options.backend.pools());
  const stateStore = options.stateStore ?? createMemoryStateStore();
  const catalog = new VolumeCatalog(stateStore);
  try {
    await catalog.load();
    await options.backend.adopt?.(catalog.volumes.values());
  } catch (error) {
    await stateStore.close?.();
    throw error;
  }
  // The telemetry recorder (and its timer) starts only once the catalogue is loaded.
  const { base, graph } = layerKitBase(options, STORAGE_CATALOGUE, defaults);
  const kit: StorageKit = { ...base, catalog, backend: options.backend, topology: new StorageTopology(graph), maxLunsPerHost };
  kit.topology.addPools(options.backend.pools());
  for (const volume of catalog.volumes.values()) kit.topology.addVolume(volume);
  for (const mapping of catalog.mappings.values()) {
    const volume = catalog.volumes.get(mapping.volumeId);
    if (volume) kit.topology.addMapping(mapping, volume);
  }
  kit.telemetry.registerGauges(() => [...catalog.volumes.values()].map((volume) => ({
    metric: "strata.storage.volume.utilization",
    tenantId: volume.workload!.tenantId,
    applicationId: volume.workload!.applicationId,
    resourceId: volume.volumeId,
    value: Number((options.backend.allocatedBytes(volume) * 10_000n) / volume.capacityBytes) / 100,
  })));

  const services: StorageServices = {
    volumes: createVolumeService(kit), block: createBlockService(kit), mappings: createMappingService(kit),
    qos: createQosService(kit), placement: createPlacementService(kit),
  };
  return serveLayerKit(options, {
    catalogue: STORAGE_CATALOGUE, dataPath: storageDataPath, kit, graph, services, layerLimits: { maxLunsPerHost: kit.maxLunsPerHost },
    async close() {
      await options.backend.close?.();
      await stateStore.close?.();
    },
  });
}
