import { core, rpc } from "@strata/sdk/contracts";
import { access } from "@strata/sdk/access";
import { compute } from "@strata/sdk/compute";
import { network } from "@strata/sdk/network";
import { storage } from "@strata/sdk/storage";
import { walkPages, type ListPage } from "../helpers/walk-pages.js";
import type { LayerCheckContext } from "../runner/check-context.js";

/** What a layer's standard controls hold, as its operator lists them: one proto3 JSON line per policy or class, sorted. */
export type ControlState = readonly string[];

/** How the suite reads the standard controls a controller acts through (docs/assurance.md, MGMT-ASSURE-4), per layer. */
interface ControlLister {
  /** The List RPC, for messages. */
  readonly rpc: string;
  list(operator: any): ListPage<string>;
}

const lister = <T>(rpcName: string, call: (operator: any, page: core.PageRequest) => Promise<{ page?: core.PageResponse } & Record<string, unknown>>,
  items: (answer: any) => T[], toJson: (item: T) => unknown): ControlLister => ({
  rpc: rpcName,
  list: (operator) => async (page) => {
    const answer = await call(operator, page);
    return { items: items(answer).map((item) => JSON.stringify(toJson(item))), ...(answer.page ? { page: answer.page } : {}) };
  },
});

const LISTERS: Partial<Record<core.Layer, ControlLister>> = {
  [core.Layer.LAYER_STORAGE]: lister("QosService.ListQosPolicies", (o, page) => o.qos.listQosPolicies({ page }), (a) => a.policies, storage.QosPolicy.toJSON),
  [core.Layer.LAYER_NETWORK]: lister("QosService.ListQosClasses", (o, page) => o.qosClasses.listQosClasses({ page }), (a) => a.qosClasses, network.QosClass.toJSON),
  [core.Layer.LAYER_COMPUTE]: lister("CpuPolicyService.ListCpuPolicies", (o, page) => o.cpuPolicies.listCpuPolicies({ page }), (a) => a.policies, compute.CpuPolicy.toJSON),
  [core.Layer.LAYER_ACCESS]: lister("ShapingService.ListShapingPolicies", (o, page) => o.shaping.listShapingPolicies({ page }), (a) => a.policies, access.ShapingPolicy.toJSON),
};

/** The List RPC the suite reads a layer's controls with, or undefined for a layer the controller has no standard control of. */
export const controlListOf = (layer: core.Layer): string | undefined => LISTERS[layer]?.rpc;

/**
 * Every policy or class of the standard controls on the layer endpoint `t`
 * reaches (the endpoint behind the hub), as its operator lists them; undefined
 * when the layer has no such control or the endpoint does not serve it
 * (UNIMPLEMENTED: an optional feature it does not declare).
 */
export async function readControlState(t: LayerCheckContext): Promise<ControlState | undefined> {
  const control = LISTERS[t.module.layer];
  if (!control) return undefined;
  const list = control.list(t.operator);
  const what = `${control.rpc} by the operator on the layer endpoint behind the hub`;
  const served = await list({ pageSize: 0, pageToken: "" }).then(() => true, (error: { code?: unknown }) => {
    if (error.code === rpc.Code.UNIMPLEMENTED) return false;
    return t.expectCode(Promise.reject(error), rpc.Code.OK, what);
  });
  return served ? (await walkPages(t, what, list)).sort() : undefined;
}

/** What differs between two states, in words ("" when they are the same). */
export function stateDifference(before: ControlState, after: ControlState): string {
  const added = after.filter((line) => !before.includes(line));
  const removed = before.filter((line) => !after.includes(line));
  return [...added.map((line) => `holds ${line}`), ...removed.map((line) => `lacks ${line}`)].join("; ");
}
