import { access, ACCESS_SERVICES } from "@strata/sdk/access";
import { connect, type ClientAuth } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import { priorOf, sendControl, squeezeOf, type ControlCall, type LayerControl, type Squeeze } from "./layer-control.js";

const SET = "strata.access.v1.ShapingService/SetShapingPolicy";
const DELETE = "strata.access.v1.ShapingService/DeleteShapingPolicy";

/**
 * Access shaping as an assurance control: a competing tenant is shaped to a
 * fraction of its current request rate. An endpoint without
 * FEATURE_ACCESS_SHAPING answers UNIMPLEMENTED, which is audited. A limit
 * is stepped down the same way, never under the floor. Undo sets
 * the prior policy back, or deletes the one the controller created.
 */
export function createAccessControl(endpoint: string, auth: ClientAuth, squeeze?: Squeeze): LayerControl {
  const s = squeezeOf(squeeze);
  const client = connect(endpoint, { services: ACCESS_SERVICES, auth });
  const set = async (policy: Partial<access.ShapingPolicy>) => {
    const request = access.SetShapingPolicyRequest.fromPartial({ policy });
    return (await sendControl(SET, request, access.SetShapingPolicyRequest.toJSON, (r) => client.shaping.setShapingPolicy(r))).call;
  };
  return {
    layer: core.Layer.LAYER_ACCESS,
    endpoint,
    async limit(tenantId, load) {
      const prior = await priorOf(async () => (await client.shaping.getShapingPolicy({ tenantId })).policy);
      const wanted = Math.max(s.minRequestsPerSecond, Math.round(load.opsPerSecond * s.fraction));
      const rate = prior && prior.maxRequestsPerSecond < wanted ? prior.maxRequestsPerSecond : wanted;
      const call = await set({ tenantId, maxRequestsPerSecond: rate, burstRequests: Math.min(prior?.burstRequests ?? rate, rate) });
      if (call.statusCode !== 0) return [call];
      const undo = async (): Promise<ControlCall[]> => {
        if (prior) return [await set(prior)];
        const request = access.DeleteShapingPolicyRequest.fromPartial({ tenantId });
        return [(await sendControl(DELETE, request, access.DeleteShapingPolicyRequest.toJSON, (r) => client.shaping.deleteShapingPolicy(r))).call];
      };
      return [{ ...call, undo, limit: { opsPerSecond: rate } }];
    },
    async tighten(tenantId, limit) {
      if (limit.opsPerSecond === undefined) return [];
      const prior = await priorOf(async () => (await client.shaping.getShapingPolicy({ tenantId })).policy);
      const rate = Math.max(s.minRequestsPerSecond, Math.round(limit.opsPerSecond));
      if (prior && prior.maxRequestsPerSecond > 0 && prior.maxRequestsPerSecond <= rate) return [];
      const call = await set({ tenantId, maxRequestsPerSecond: rate, burstRequests: Math.min(prior?.burstRequests ?? rate, rate) });
      return [call.statusCode === 0 ? { ...call, limit: { opsPerSecond: rate } } : call];
    },
    close: () => client.close(),
  };
}
