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

/** The limits a kit enforces and declares. */
export type LayerKitLimits = Pick<LayerKitBase, "maxPageSize" | "maxIoBytes" | "maxResourcesPerTenant">;

/**
 * The limits a kit enforces: those its options set, else the layer's own
 * defaults, else 100 items a page, 1 MiB a data-path payload and no limit of
 * resources per tenant.
 */
export function layerKitLimits(
  options: Pick<LayerKitOptions<unknown, unknown>, "limits">, defaults: Partial<LayerKitLimits> = {},
): LayerKitLimits {
  return {
    maxPageSize: options.limits?.maxPageSize ?? defaults.maxPageSize ?? 100,
    maxIoBytes: options.limits?.maxIoBytes ?? defaults.maxIoBytes ?? 1 << 20,
    maxResourcesPerTenant: options.limits?.maxResourcesPerTenant ?? defaults.maxResourcesPerTenant ?? 0,
  };
}

/**
 * A kit's shared part from its options: the telemetry engine over the layer's
 * catalogue (its timer starts here: make the base once nothing else can fail
 * to start), the limits (`defaults` the layer's own), the capabilities, and
 * the topology graph.
 */
export function layerKitBase(
  options: Pick<LayerKitOptions<unknown, unknown>, "telemetry" | "sampleIntervalMs" | "capabilities" | "limits" | "topology">,
  catalogue: LayerCatalogue, defaults: Partial<LayerKitLimits> = {},
): { base: LayerKitBase; graph: TopologyGraph } {
  return {
    base: {
      telemetry: options.telemetry ?? createTelemetryRecorder({ catalogue, sampleIntervalMs: options.sampleIntervalMs }),
      capabilities: new Set(options.capabilities ?? []),
      ...layerKitLimits(options, defaults),
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
  /** Limits of the layer's own that its kit enforces and the endpoint declares (Limits.max_luns_per_host, say). */
  layerLimits?: { maxLunsPerHost?: number };
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
    // What the kit enforces is what the endpoint declares.
    limits: { ...parts.layerLimits, maxPageSize: parts.kit.maxPageSize, maxIoBytes: parts.kit.maxIoBytes, maxResourcesPerTenant: parts.kit.maxResourcesPerTenant },
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
