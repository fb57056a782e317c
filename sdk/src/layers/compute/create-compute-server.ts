import { Layer } from "../../gen/strata/core/v1/layer.js";
import { createKeyedMutex } from "../../server/create-keyed-mutex.js";
import { createLayerServer, type LayerServer, type LayerServerOptions } from "../../server/create-layer-server.js";
import { createMutex } from "../../server/create-mutex.js";
import type { EndpointInfo } from "../../server/identity-service.js";
import { createTelemetryRecorder } from "../../telemetry/index.js";
import { TopologyGraph } from "../../topology/topology-graph.js";
import { createAttachmentService } from "./attachment-service.js";
import type { ComputeBackend } from "./compute-backend.js";
import { COMPUTE_CATALOGUE } from "./compute-catalogue.js";
import type { ComputeKit } from "./compute-kit.js";
import { ComputeTopology } from "./compute-topology.js";
import { createCpuPolicyService } from "./cpu-policy-service.js";
import { computeDataPath, createExecutionService } from "./execution-service.js";
import { createHostService } from "./host-service.js";
import { InstanceCatalog } from "./instance-catalog.js";
import { instanceGauges } from "./instance-gauges.js";
import { createInstanceService } from "./instance-service.js";

export interface ComputeServerOptions extends Omit<LayerServerOptions, "info" | "services" | "catalogue"> {
  info: Omit<EndpointInfo, "layers">;
  /** The vendor's compute logic: where units of work run. */
  backend: ComputeBackend;
  /** Telemetry sample interval, ms (default 1000). */
  sampleIntervalMs?: number;
  /**
   * Changes the compute services before they are served (replace a handler,
   * wrap one). For test fixtures, such as the deliberately faulty vendors
   * that prove the conformance suite catches defects.
   */
  customize?: (services: ComputeServices, kit: ComputeKit) => void;
}

/** The five compute services a compute endpoint serves. */
export interface ComputeServices {
  instances: ReturnType<typeof createInstanceService>;
  execution: ReturnType<typeof createExecutionService>;
  cpuPolicies: ReturnType<typeof createCpuPolicyService>;
  attachments: ReturnType<typeof createAttachmentService>;
  hosts: ReturnType<typeof createHostService>;
}

/** A compute endpoint: a LayerServer plus the compute kit behind it. */
export interface ComputeServer extends LayerServer {
  readonly kit: ComputeKit;
}

/**
 * Serves the whole compute layer over a vendor's ComputeBackend: the five
 * compute services, plus everything createLayerServer gives. Every Execute
 * goes through the data-path interceptor (one record, trace context) and
 * reaches the backend with the call's context, so that what the vendor calls
 * for a unit of work joins its trace.
 */
export function createComputeServer(options: ComputeServerOptions): ComputeServer {
  const telemetry = options.telemetry ?? createTelemetryRecorder({
    catalogue: COMPUTE_CATALOGUE, sampleIntervalMs: options.sampleIntervalMs,
  });
  const graph = options.topology ?? new TopologyGraph();
  const maxIoBytes = options.limits?.maxIoBytes ?? 1 << 20;
  const kit: ComputeKit = {
    catalog: new InstanceCatalog(),
    backend: options.backend,
    topology: new ComputeTopology(graph),
    telemetry,
    capabilities: new Set(options.capabilities ?? []),
    maxPageSize: options.limits?.maxPageSize ?? 100,
    maxIoBytes,
    maxResourcesPerTenant: options.limits?.maxResourcesPerTenant ?? 0,
    exclusive: createMutex(),
    serial: createKeyedMutex(),
  };
  kit.topology.addHosts(options.backend.hosts());
  telemetry.registerGauges(instanceGauges(kit));

  const services: ComputeServices = {
    instances: createInstanceService(kit), execution: createExecutionService(kit), cpuPolicies: createCpuPolicyService(kit),
    attachments: createAttachmentService(kit), hosts: createHostService(kit),
  };
  options.customize?.(services, kit);
  const server = createLayerServer({
    ...options,
    info: { ...options.info, layers: [Layer.LAYER_COMPUTE] },
    catalogue: COMPUTE_CATALOGUE,
    limits: { ...options.limits, maxIoBytes },
    telemetry,
    topology: graph,
    services: Object.values(services),
    interceptors: [computeDataPath, ...(options.interceptors ?? [])],
  });
  const shutdown = server.shutdown.bind(server);
  return Object.assign(server, {
    kit,
    async shutdown(graceMs?: number) {
      await shutdown(graceMs);
      await options.backend.close?.();
    },
  });
}
