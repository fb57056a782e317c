import type { Feature } from "../gen/strata/core/v1/identity.js";
import { createTelemetryRecorder, type LayerCatalogue, type TelemetryRecorder } from "../telemetry/index.js";
import { TopologyGraph } from "../topology/topology-graph.js";
import { createLayerServer, type LayerServer, type LayerServerOptions } from "./create-layer-server.js";
import { createMutex } from "./create-mutex.js";
import type { EndpointInfo } from "./identity-service.js";
import type { Interceptor } from "./interceptor.js";
import type { ServiceRegistration } from "./service-registration.js";

/** What a layer kit's create<Layer>Server takes besides its backend: `S` its services, `K` its kit. */
export interface LayerKitOptions<S, K> extends Omit<LayerServerOptions, "info" | "services" | "catalogue"> {
  /** Who the endpoint is; its layer is the kit's. */
  info: Omit<EndpointInfo, "layers">;
  /** Telemetry sample interval, ms (default 1000). */
  sampleIntervalMs?: number;
  /**
   * Changes the kit's services before they are served (replace a handler,
   * wrap one). For test fixtures, such as the deliberately faulty vendors
   * that prove the conformance suite catches defects.
   */
  customize?: (services: S, kit: K) => void;
}

/** What every layer kit's handlers share, whatever the layer. */
export interface LayerKitBase {
  readonly telemetry: TelemetryRecorder;
  readonly capabilities: ReadonlySet<Feature>;
  readonly maxPageSize: number;
  /** The largest payload of one data-path request (Limits.max_io_bytes). */
  readonly maxIoBytes: number;
  /** Resources one tenant may hold (Limits.max_resources_per_tenant); 0 for no limit. */
  readonly maxResourcesPerTenant: number;
  /** Serialises catalogue changes so concurrent creates of one name cannot race. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** A kit's shared part from its options: the telemetry engine over the layer's catalogue, the limits, the capabilities, and the topology graph. */
export function layerKitBase(
  options: Pick<LayerKitOptions<unknown, unknown>, "telemetry" | "sampleIntervalMs" | "capabilities" | "limits" | "topology">, catalogue: LayerCatalogue,
): { base: LayerKitBase; graph: TopologyGraph } {
  return {
    base: {
      telemetry: options.telemetry ?? createTelemetryRecorder({ catalogue, sampleIntervalMs: options.sampleIntervalMs }),
      capabilities: new Set(options.capabilities ?? []),
      maxPageSize: options.limits?.maxPageSize ?? 100,
      maxIoBytes: options.limits?.maxIoBytes ?? 1 << 20,
      maxResourcesPerTenant: options.limits?.maxResourcesPerTenant ?? 0,
      exclusive: createMutex(),
    },
    graph: options.topology ?? new TopologyGraph(),
  };
}

/** What a kit hands serveLayerKit once its kit and services are made. */
export interface LayerKitParts<S, K extends LayerKitBase> {
  catalogue: LayerCatalogue;
  /** The layer's data-path interceptor, run before any the options add. */
  dataPath: Interceptor;
  kit: K;
  graph: TopologyGraph;
  services: S;
  /** Runs after the server shut down (the backend's close). */
  close?: () => Promise<void>;
}

/**
 * Serves a layer kit: lets the options customize its services, then serves
 * them with everything createLayerServer gives, under the kit's layer,
 * catalogue, telemetry, graph and limits, each data-path call through the
 * layer's interceptor; shutting down closes the backend after the server.
 */
export function serveLayerKit<S extends object, K extends LayerKitBase>(
  options: LayerKitOptions<S, K>, parts: LayerKitParts<S, K>,
): LayerServer & { readonly kit: K } {
  options.customize?.(parts.services, parts.kit);
  const server = createLayerServer({
    ...options,
    info: { ...options.info, layers: [parts.catalogue.layer] },
    catalogue: parts.catalogue,
    limits: { ...options.limits, maxIoBytes: parts.kit.maxIoBytes },
    telemetry: parts.kit.telemetry,
    topology: parts.graph,
    services: Object.values(parts.services) as ServiceRegistration<any>[],
    interceptors: [parts.dataPath, ...(options.interceptors ?? [])],
  });
  const shutdown = server.shutdown.bind(server);
  return Object.assign(server, {
    kit: parts.kit,
    async shutdown(graceMs?: number) {
      await shutdown(graceMs);
      await parts.close?.();
    },
  });
}
