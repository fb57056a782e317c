import type { LayerServer } from "../../server/create-layer-server.js";
import { createKeyedMutex } from "../../server/create-keyed-mutex.js";
import { isValidId } from "../../server/id-rules.js";
import { layerKitBase, serveLayerKit, type LayerKitOptions } from "../../server/serve-layer-kit.js";
import { createAttachmentService } from "./attachment-service.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import type { ComputeBackend } from "./compute-backend.js";
import type { ComputeProgram, FabricReach, NetworkReach } from "./compute-program.js";
import { COMPUTE_CATALOGUE } from "./compute-catalogue.js";
import type { ComputeKit } from "./compute-kit.js";
import { ComputeTopology } from "./compute-topology.js";
import { createCpuPolicyService } from "./cpu-policy-service.js";
import { computeDataPath, createExecutionService } from "./execution-service.js";
import { createHostService } from "./host-service.js";
import { InstanceCatalog } from "./instance-catalog.js";
import { instanceGauges } from "./instance-gauges.js";
import { createInstanceService } from "./instance-service.js";
import { ProgramPorts } from "./program-ports.js";

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
  /**
   * The application programs instances may run, by the name CreateInstance's
   * `program` gives (at most 128 bytes of [A-Za-z0-9._-]). Given any, the
   * endpoint declares FEATURE_COMPUTE_PROGRAMS; none by default.
   */
  programs?: Readonly<Record<string, ComputeProgram>>;
  /** The LAN endpoint programs call (ProgramEnvironment.network) and serve on; none by default. */
  network?: NetworkReach;
  /** The fabric endpoint programs call (ProgramEnvironment.fabric); none by default. */
  fabric?: FabricReach;
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
  const programs = new Map(Object.entries(options.programs ?? {}));
  for (const name of programs.keys()) {
    if (!isValidId(name)) throw new TypeError(`createComputeServer: program name "${name}" must be 1 to 128 bytes of [A-Za-z0-9._-]`);
  }
  const declared = [...(options.capabilities ?? [])].filter((f) => f !== Feature.FEATURE_COMPUTE_PROGRAMS);
  // What the kit can run is what the endpoint declares.
  const capabilities = programs.size > 0 ? [...declared, Feature.FEATURE_COMPUTE_PROGRAMS] : declared;
  const withCapabilities = { ...options, capabilities };
  const { base, graph } = layerKitBase(withCapabilities, COMPUTE_CATALOGUE);
  const kit: ComputeKit = {
    ...base,
    catalog: new InstanceCatalog(),
    backend: options.backend,
    topology: new ComputeTopology(graph),
    serial: createKeyedMutex(),
    programs,
    network: options.network,
    fabric: options.fabric,
    programPorts: undefined as unknown as ProgramPorts,
  };
  (kit as { programPorts: ProgramPorts }).programPorts = new ProgramPorts(kit);
  kit.topology.addHosts(options.backend.hosts());
  kit.telemetry.registerGauges(instanceGauges(kit));
  const services: ComputeServices = {
    instances: createInstanceService(kit), execution: createExecutionService(kit), cpuPolicies: createCpuPolicyService(kit),
    attachments: createAttachmentService(kit), hosts: createHostService(kit),
  };
  return serveLayerKit(withCapabilities, {
    catalogue: COMPUTE_CATALOGUE, dataPath: computeDataPath, kit, graph, services, close: async () => {
      kit.programPorts.close();
      await options.backend.close?.();
    },
  });
}
