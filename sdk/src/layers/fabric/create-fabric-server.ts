import type { LayerServer } from "../../server/create-layer-server.js";
import { layerKitBase, serveLayerKit, type LayerKitOptions } from "../../server/serve-layer-kit.js";
import type { FabricBackend } from "./fabric-backend.js";
import { FabricCatalog } from "./fabric-catalog.js";
import { FABRIC_CATALOGUE } from "./fabric-catalogue.js";
import { createFabricGauges } from "./fabric-gauges.js";
import type { FabricKit } from "./fabric-kit.js";
import { FabricTopology } from "./fabric-topology.js";
import { createPathService } from "./path-service.js";
import { PathWindows } from "./path-window.js";
import { PortCounters } from "./port-counters.js";
import { createPortService } from "./port-service.js";
import { StorageForwarder, type StorageSystem } from "./storage-forwarder.js";
import { createTransferService, fabricDataPath } from "./transfer-service.js";
import { createZoneService } from "./zone-service.js";

/** The window GetPath's figures cover unless the options say otherwise: the least the standard allows. */
export const DEFAULT_PATH_WINDOW_MS = 10_000;

/** The four fabric services a fabric endpoint serves. */
export interface FabricServices {
  ports: ReturnType<typeof createPortService>;
  zones: ReturnType<typeof createZoneService>;
  paths: ReturnType<typeof createPathService>;
  transfers: ReturnType<typeof createTransferService>;
}

export interface FabricServerOptions extends LayerKitOptions<FabricServices, FabricKit> {
  /** The vendor's fabric: links, switches and how frames cross them. */
  backend: FabricBackend;
  /** The storage endpoints targets forward to, by system id; a target of any other system is a sink. */
  storageSystems?: readonly StorageSystem[];
  /** The window of GetPath's figures, ms; at least 10 000 (docs/fabric.md). */
  pathWindowMs?: number;
}

/** A fabric endpoint: a LayerServer plus the fabric kit behind it. */
export interface FabricServer extends LayerServer {
  readonly kit: FabricKit;
}

/**
 * Serves the whole storage networking layer over a vendor's FabricBackend:
 * the four fabric services, plus everything createLayerServer gives. Every
 * Transfer goes through the data-path interceptor (one record, trace
 * context); a delivered frame for a bound target reaches its storage
 * endpoint with the call's context, so that the storage record is the
 * child of the fabric's. It declares no resource limit per tenant.
 */
export function createFabricServer(options: FabricServerOptions): FabricServer {
  const pathWindowMs = options.pathWindowMs ?? DEFAULT_PATH_WINDOW_MS;
  if (!(pathWindowMs >= DEFAULT_PATH_WINDOW_MS)) throw new RangeError(`createFabricServer: pathWindowMs must be at least ${DEFAULT_PATH_WINDOW_MS}, got ${pathWindowMs}`);
  const storage = new StorageForwarder(options.storageSystems);
  // The kit keeps no per-tenant resource limit, so it declares none whatever the options say.
  const kitOptions: FabricServerOptions = { ...options, limits: { ...options.limits, maxResourcesPerTenant: 0 } };
  const { base, graph } = layerKitBase(kitOptions, FABRIC_CATALOGUE);
  let frames = 0;
  const kit: FabricKit = {
    ...base,
    catalog: new FabricCatalog(),
    backend: options.backend,
    topology: new FabricTopology(graph),
    counters: new PortCounters(),
    paths: new PathWindows(BigInt(pathWindowMs) * 1_000_000n, () => base.telemetry.now()),
    storage,
    nextFrameId: () => ++frames,
  };
  kit.telemetry.registerGauges(createFabricGauges(kit));
  const services: FabricServices = {
    ports: createPortService(kit), zones: createZoneService(kit), paths: createPathService(kit), transfers: createTransferService(kit),
  };
  return serveLayerKit(kitOptions, {
    catalogue: FABRIC_CATALOGUE, dataPath: fabricDataPath, kit, graph, services,
    close: async () => {
      storage.close();
      await options.backend.close?.();
    },
  });
}
