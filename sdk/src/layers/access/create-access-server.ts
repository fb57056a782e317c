import { Feature } from "../../gen/strata/core/v1/identity.js";
import type { LayerServer } from "../../server/create-layer-server.js";
import { layerKitBase, serveLayerKit, type LayerKitOptions } from "../../server/serve-layer-kit.js";
import type { AccessBackend } from "./access-backend.js";
import { ACCESS_CATALOGUE } from "./access-catalogue.js";
import { AccessCatalog } from "./access-catalog.js";
import type { AccessKit } from "./access-kit.js";
import { AccessTopology } from "./access-topology.js";
import type { ComputeReach } from "./compute-reach.js";
import { createEntryPointService } from "./entry-point-service.js";
import { accessDataPath, createForwardService } from "./forward-service.js";
import { sessionGauges } from "./session-gauges.js";
import { createSessionService } from "./session-service.js";
import { createShapingService } from "./shaping-service.js";

/** The four access services a user access endpoint serves. */
export interface AccessServices {
  entryPoints: ReturnType<typeof createEntryPointService>;
  sessions: ReturnType<typeof createSessionService>;
  forward: ReturnType<typeof createForwardService>;
  shaping: ReturnType<typeof createShapingService>;
}

export interface AccessServerOptions extends LayerKitOptions<AccessServices, AccessKit> {
  /** The vendor's edge: how a request crosses it to the entry point and back. */
  backend: AccessBackend;
  /**
   * The compute layer entry points may run on. Given, the endpoint declares
   * FEATURE_ACCESS_COMPUTE_ENTRY_POINTS; left out, only echo entry points exist.
   */
  compute?: ComputeReach;
}

/** A user access endpoint: a LayerServer plus the access kit behind it. */
export interface AccessServer extends LayerServer {
  readonly kit: AccessKit;
}

/**
 * Serves the whole user access layer over a vendor's AccessBackend: the four
 * access services, plus everything createLayerServer gives. Every Forward
 * goes through the data-path interceptor (one record, trace context) and
 * reaches its entry point with the call's context, so that a compute hop is
 * a child of the access hop in the trace.
 */
export function createAccessServer(options: AccessServerOptions): AccessServer {
  const declared = [...(options.capabilities ?? [])].filter((f) => f !== Feature.FEATURE_ACCESS_COMPUTE_ENTRY_POINTS);
  // What the kit can reach is what the endpoint declares.
  const capabilities = options.compute ? [...declared, Feature.FEATURE_ACCESS_COMPUTE_ENTRY_POINTS] : declared;
  const withCapabilities = { ...options, capabilities };
  const { base, graph } = layerKitBase(withCapabilities, ACCESS_CATALOGUE);
  const kit: AccessKit = {
    ...base,
    catalog: new AccessCatalog(),
    backend: options.backend,
    topology: new AccessTopology(graph),
    compute: options.compute,
  };
  kit.telemetry.registerGauges(sessionGauges(kit));
  const services: AccessServices = {
    entryPoints: createEntryPointService(kit), sessions: createSessionService(kit), forward: createForwardService(kit), shaping: createShapingService(kit),
  };
  return serveLayerKit(withCapabilities, {
    catalogue: ACCESS_CATALOGUE, dataPath: accessDataPath, kit, graph, services, close: () => options.backend.close?.() ?? Promise.resolve(),
  });
}
