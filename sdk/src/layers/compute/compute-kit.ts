import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { LayerKitBase } from "../../server/serve-layer-kit.js";
import type { ComputeBackend } from "./compute-backend.js";
import type { ComputeProgram, FabricReach, NetworkReach } from "./compute-program.js";
import type { ComputeTopology } from "./compute-topology.js";
import type { Instance } from "./contracts.js";
import type { InstanceCatalog } from "./instance-catalog.js";
import type { ProgramPorts } from "./program-ports.js";

/** What every compute service handler shares. */
export interface ComputeKit extends LayerKitBase {
  readonly catalog: InstanceCatalog;
  readonly backend: ComputeBackend;
  readonly topology: ComputeTopology;
  /** Serialises the state changes of one instance (start, stop, resize, delete), apart from the others. */
  serial<T>(instanceId: string, work: () => Promise<T>): Promise<T>;
  /** The programs the endpoint offers, by name (FEATURE_COMPUTE_PROGRAMS when any). */
  readonly programs: ReadonlyMap<string, ComputeProgram>;
  /** The LAN endpoint programs reach, if configured. */
  readonly network: NetworkReach | undefined;
  /** The fabric endpoint programs reach, if configured. */
  readonly fabric: FabricReach | undefined;
  /** The LAN ports of the instances running programs. */
  readonly programPorts: ProgramPorts;
}

/** The instance if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visibleInstance(kit: ComputeKit, principal: Principal, instanceId: string): Instance {
  const instance = kit.catalog.instances.get(instanceId);
  if (!instance || !canAccessTenant(principal, instance.workload!.tenantId)) throw StrataError.notFound("instance", instanceId);
  return instance;
}
