import { connect, type ClientAuth } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import { priorOf, sendControl, squeezeOf, type ControlCall, type LayerControl, type Squeeze } from "./layer-control.js";

const SET = "strata.storage.v1.QosService/SetQosPolicy";
const DELETE = "strata.storage.v1.QosService/DeleteQosPolicy";

/**
 * Storage QoS as an assurance control: a competing tenant's tenant policy
 * gets max_iops at a fraction of its current rate and PRIORITY_LOW; the
 * critical tenant's gets PRIORITY_CRITICAL (its own limits kept). A limit is
 * stepped down by max_iops again, never under the floor. Undo sets the prior
 * policy back, or deletes the one the controller created.
 */
export function createStorageControl(endpoint: string, auth: ClientAuth, squeeze?: Squeeze): LayerControl {
  const s = squeezeOf(squeeze);
  const client = connect(endpoint, { services: STORAGE_SERVICES, auth });
  /** Replaces the tenant's policy with `change` of the prior one (no call when `change` gives nothing); `undo` restores the prior. */
  const replace = async (tenantId: string, change: (prior: storage.QosPolicy | undefined) => Partial<storage.QosPolicy> | undefined, limits: boolean, undoable = true): Promise<ControlCall[]> => {
    const target = { tenantId };
    const prior = await priorOf(async () => (await client.qos.getQosPolicy({ target })).policy);
    const changed = change(prior);
    if (!changed) return [];
    const request = storage.SetQosPolicyRequest.fromPartial({ policy: { ...prior, ...changed, target, tenantId: "" } });
    const { call } = await sendControl(SET, request, storage.SetQosPolicyRequest.toJSON, (r) => client.qos.setQosPolicy(r));
    if (call.statusCode !== 0) return [call];
    const limit = limits && request.policy!.maxIops > 0n ? { limit: { opsPerSecond: Number(request.policy!.maxIops) } } : {};
    if (!undoable) return [{ ...call, ...limit }];
    const undo = async (): Promise<ControlCall[]> => {
      if (prior) {
        const back = storage.SetQosPolicyRequest.fromPartial({ policy: { ...prior, tenantId: "" } });
        return [(await sendControl(SET, back, storage.SetQosPolicyRequest.toJSON, (r) => client.qos.setQosPolicy(r))).call];
      }
      const drop = storage.DeleteQosPolicyRequest.fromPartial({ target });
      return [(await sendControl(DELETE, drop, storage.DeleteQosPolicyRequest.toJSON, (r) => client.qos.deleteQosPolicy(r))).call];
    };
    return [{ ...call, undo, ...limit }];
  };
  return {
    layer: core.Layer.LAYER_STORAGE,
    endpoint,
    limit: (tenantId, load) => replace(tenantId, (prior) => {
      const wanted = BigInt(Math.max(s.minIops, Math.round(load.opsPerSecond * s.fraction)));
      const maxIops = prior && prior.maxIops > 0n && prior.maxIops < wanted ? prior.maxIops : wanted;
      const reservedIops = prior && prior.reservedIops <= maxIops ? prior.reservedIops : 0n;
      return { maxIops, reservedIops, priority: storage.Priority.PRIORITY_LOW };
    }, true),
    tighten: (tenantId, limit) => replace(tenantId, (prior) => {
      if (limit.opsPerSecond === undefined) return undefined;
      const maxIops = BigInt(Math.max(s.minIops, Math.round(limit.opsPerSecond)));
      if (prior && prior.maxIops > 0n && prior.maxIops <= maxIops) return undefined;
      const reservedIops = prior && prior.reservedIops <= maxIops ? prior.reservedIops : 0n;
      return { maxIops, reservedIops, priority: storage.Priority.PRIORITY_LOW };
    }, true, false),
    favour: (tenantId) => replace(tenantId, () => ({ priority: storage.Priority.PRIORITY_CRITICAL }), false),
    close: () => client.close(),
  };
}
