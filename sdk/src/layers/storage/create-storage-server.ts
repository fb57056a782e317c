import { Layer } from "../../gen/strata/core/v1/layer.js";
import { createLayerServer, type LayerServer, type LayerServerOptions } from "../../server/create-layer-server.js";
import type { EndpointInfo } from "../../server/identity-service.js";
import { createTelemetryRecorder } from "../../telemetry/index.js";
import { TopologyGraph } from "../../topology/topology-graph.js";
import { createBlockService, storageDataPath } from "./block-service.js";
import { createMappingService } from "./mapping-service.js";
import { createPlacementService } from "./placement-service.js";
import { createQosService } from "./qos-service.js";
import type { StorageBackend } from "./storage-backend.js";
import { createMutex } from "../../server/mutex.js";
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

export interface StorageServerOptions extends Omit<LayerServerOptions, "info" | "services" | "catalogue"> {
  info: Omit<EndpointInfo, "layers">;
  /** The vendor's storage logic. */
  backend: StorageBackend;
  /** Where volumes, mappings and policies are kept; memory by default. */
  stateStore?: StateStore;
  /** Telemetry sample interval, ms (default 1000). */
  sampleIntervalMs?: number;
  /**
   * Changes the storage services before they are served (replace a handler,
   * wrap one). For test fixtures, such as the deliberately faulty vendors
   * that prove the conformance suite catches defects.
   */
  customize?: (services: StorageServices, kit: StorageKit) => void;
}

/** The five storage services a storage endpoint serves. */
export interface StorageServices {
  volumes: ReturnType<typeof createVolumeService>;
  block: ReturnType<typeof createBlockService>;
  mappings: ReturnType<typeof createMappingService>;
  qos: ReturnType<typeof createQosService>;
  placement: ReturnType<typeof createPlacementService>;
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
  const maxIoBytes = options.limits?.maxIoBytes ?? 1 << 20;
  const maxPageSize = options.limits?.maxPageSize ?? 100;
  checkStorageConfiguration({ maxIoBytes, maxPageSize }, options.backend.pools());
  const stateStore = options.stateStore ?? createMemoryStateStore();
  const catalog = new VolumeCatalog(stateStore);
  try {
    await catalog.load();
    await options.backend.adopt?.(catalog.volumes.values());
  } catch (error) {
    await stateStore.close?.();
    throw error;
  }
  const telemetry = options.telemetry ?? createTelemetryRecorder({
    catalogue: STORAGE_CATALOGUE, sampleIntervalMs: options.sampleIntervalMs,
  });
  const graph = options.topology ?? new TopologyGraph();
  const maxResourcesPerTenant = options.limits?.maxResourcesPerTenant ?? DEFAULT_MAX_VOLUMES_PER_TENANT;
  const kit: StorageKit = {
    catalog,
    backend: options.backend,
    topology: new StorageTopology(graph),
    telemetry,
    capabilities: new Set(options.capabilities ?? []),
    maxPageSize,
    maxIoBytes,
    maxResourcesPerTenant,
    exclusive: createMutex(),
  };
  kit.topology.addPools(options.backend.pools());
  for (const volume of catalog.volumes.values()) kit.topology.addVolume(volume);
  for (const mapping of catalog.mappings.values()) {
    const volume = catalog.volumes.get(mapping.volumeId);
    if (volume) kit.topology.addMapping(mapping, volume);
  }
  telemetry.registerGauges(() => [...catalog.volumes.values()].map((volume) => ({
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
  options.customize?.(services, kit);
  const server = createLayerServer({
    ...options,
    info: { ...options.info, layers: [Layer.LAYER_STORAGE] },
    catalogue: STORAGE_CATALOGUE,
    limits: { ...options.limits, maxIoBytes, maxPageSize, maxResourcesPerTenant },
    telemetry,
    topology: graph,
    services: Object.values(services),
    interceptors: [storageDataPath, ...(options.interceptors ?? [])],
  });
  const shutdown = server.shutdown.bind(server);
  return Object.assign(server, {
    kit,
    async shutdown(graceMs?: number) {
      await shutdown(graceMs);
      await options.backend.close?.();
      await stateStore.close?.();
    },
  });
}
