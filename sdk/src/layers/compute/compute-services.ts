import {
  AttachmentServiceService, CpuPolicyServiceService, ExecutionServiceService, HostServiceService, InstanceServiceService,
} from "./contracts.js";

/**
 * The compute layer's services by client name, for `connect()`.
 *
 * @example
 * const strata = connect(target, { auth, services: COMPUTE_SERVICES });
 * const { instance } = await strata.instances.createInstance({ name: "web-1", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n });
 * await strata.execution.execute({ instanceId: instance!.instanceId, spin: { cpuTimeNs: 1_000_000n } });
 */
export const COMPUTE_SERVICES = {
  instances: InstanceServiceService,
  execution: ExecutionServiceService,
  cpuPolicies: CpuPolicyServiceService,
  attachments: AttachmentServiceService,
  hosts: HostServiceService,
} as const;
