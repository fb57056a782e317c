import { core } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import type { LookupProbe } from "../../../registry/layer-probes.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { ComputeServices } from "../compute-checks.js";

const MiB = 1n << 20n;

/** Every compute RPC that names an instance by id: another tenant's instance must answer as one that does not exist. */
export const computeLookupProbes: LookupProbe<ComputeServices>[] = [
  { rpc: "InstanceService.GetInstance", ownerRead: true, call: (c, instanceId) => c.instances.getInstance({ instanceId }) },
  {
    rpc: "ExecutionService.Execute", ownerRead: true,
    call: (c, instanceId) => c.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId, hash: { sizeBytes: 64n } })),
  },
  { rpc: "InstanceService.StartInstance", ownerRead: false, call: (c, instanceId) => c.instances.startInstance({ instanceId }) },
  { rpc: "InstanceService.StopInstance", ownerRead: false, call: (c, instanceId) => c.instances.stopInstance({ instanceId }) },
  {
    rpc: "InstanceService.ResizeInstance", ownerRead: false, requires: [core.Feature.FEATURE_COMPUTE_LIVE_RESIZE],
    call: (c, instanceId) => c.instances.resizeInstance({ instanceId, vcpuCount: 1, memoryBytes: 48n * MiB }),
  },
  {
    rpc: "AttachmentService.Attach", ownerRead: false,
    call: (c, instanceId) => c.attachments.attach({ instanceId, kind: compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, targetId: uniqueName("volume") }),
  },
  // A fresh instance has no policy: its owner gets NOT_FOUND too, so it is no read the operator check can expect OK from.
  { rpc: "CpuPolicyService.GetCpuPolicy", ownerRead: false, call: (c, instanceId) => c.cpuPolicies.getCpuPolicy({ target: { instanceId } }) },
  {
    rpc: "CpuPolicyService.SetCpuPolicy", ownerRead: false,
    call: (c, instanceId) => c.cpuPolicies.setCpuPolicy({ policy: compute.CpuPolicy.fromPartial({ target: { instanceId } }) }),
  },
];
