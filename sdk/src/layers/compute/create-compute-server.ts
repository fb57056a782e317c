import type { LayerServer } from "../../server/create-layer-server.js";
import { createKeyedMutex } from "../../server/create-keyed-mutex.js";
import { layerKitBase, serveLayerKit, type LayerKitOptions } from "../../server/serve-layer-kit.js";
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

/** The five compute services a compute endpoint serves. */
export interface ComputeServices {
  instances: ReturnType<typeof createInstanceService>;
  execution: ReturnType<typeof createExecutionService>;
  cpuPolicies: ReturnType<typeof createCpuPolicyService>;
  attachments: ReturnType<typeof createAttachmentService>;
  hosts: ReturnType<typeof createHostService>;
}

export interface ComputeServerOptions extends LayerKitOptions<ComputeServices, ComputeKit> {
  /** The vendor's compute logic: where units of work run. */
  backend: ComputeBackend;
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
  const { base, graph } = layerKitBase(options, COMPUTE_CATALOGUE);
  const kit: ComputeKit = {
    ...base,
    catalog: new InstanceCatalog(),
    backend: options.backend,
    topology: new ComputeTopology(graph),
    serial: createKeyedMutex(),
  };
  kit.topology.addHosts(options.backend.hosts());
  kit.telemetry.registerGauges(instanceGauges(kit));
  const services: ComputeServices = {
    instances: createInstanceService(kit), execution: createExecutionService(kit), cpuPolicies: createCpuPolicyService(kit),
    attachments: createAttachmentService(kit), hosts: createHostService(kit),
  };
  return serveLayerKit(options, {
    catalogue: COMPUTE_CATALOGUE, dataPath: computeDataPath, kit, graph, services, close: () => options.backend.close?.() ?? Promise.resolve(),
  });
}
