import { connect, type ClientAuth } from "@strata/sdk/client";
import { compute, COMPUTE_SERVICES } from "@strata/sdk/compute";
import { core } from "@strata/sdk/contracts";
import { priorOf, sendControl, squeezeOf, type ControlCall, type LayerControl, type Squeeze } from "./layer-control.js";

const SET = "strata.compute.v1.CpuPolicyService/SetCpuPolicy";
const DELETE = "strata.compute.v1.CpuPolicyService/DeleteCpuPolicy";

/**
 * Compute CPU shares as an assurance control: a competing tenant's tenant
 * policy gets a small cpu_shares (its limit kept). An endpoint without
 * FEATURE_COMPUTE_CPU_SHARES answers UNIMPLEMENTED, which is audited. Undo
 * sets the prior policy back, or deletes the one the controller created.
 */
export function createComputeControl(endpoint: string, auth: ClientAuth, squeeze?: Squeeze): LayerControl {
  const s = squeezeOf(squeeze);
  const client = connect(endpoint, { services: COMPUTE_SERVICES, auth });
  const set = async (policy: Partial<compute.CpuPolicy>) => {
    const request = compute.SetCpuPolicyRequest.fromPartial({ policy: { ...policy, tenantId: "" } });
    return (await sendControl(SET, request, compute.SetCpuPolicyRequest.toJSON, (r) => client.cpuPolicies.setCpuPolicy(r))).call;
  };
  return {
    layer: core.Layer.LAYER_COMPUTE,
    endpoint,
    async limit(tenantId) {
      const target = { tenantId };
      const prior = await priorOf(async () => (await client.cpuPolicies.getCpuPolicy({ target })).policy);
      const call = await set({ ...prior, target, cpuShares: s.cpuShares });
      if (call.statusCode !== 0) return [call];
      const undo = async (): Promise<ControlCall[]> => {
        if (prior) return [await set(prior)];
        const request = compute.DeleteCpuPolicyRequest.fromPartial({ target });
        return [(await sendControl(DELETE, request, compute.DeleteCpuPolicyRequest.toJSON, (r) => client.cpuPolicies.deleteCpuPolicy(r))).call];
      };
      return [{ ...call, undo }];
    },
    close: () => client.close(),
  };
}
