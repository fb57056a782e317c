import { rpc } from "@strata/sdk/contracts";
import { resolveTenantId } from "../helpers/resolve-tenant-id.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import type { DrivenCall } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import { managementModuleOf } from "./management-module.js";

/** A data-path call the suite made behind the hub, in an application of its own, that moved payload bytes. */
export interface ChargeableCall {
  readonly tenantId: string;
  readonly applicationId: string;
  readonly call: DrivenCall;
}

/** The tenant id one of the run's tenants stands for, as the hub behind the management endpoint resolves it. */
export const tenantOf = (t: LayerCheckContext, who: "tenantA" | "tenantB") => resolveTenantId(managementModuleOf(t).hubSide(t), who);

/**
 * Creates a resource on the layer endpoint behind the hub, in a new
 * application of `who` (tenant A by default), and makes one traced
 * data-path call on it that moves payload bytes (the driver's operations in
 * turn until one does); resolves once the hub's log holds its record.
 */
export async function chargeableCall(t: LayerCheckContext, stem: string, who: "tenantA" | "tenantB" = "tenantA"): Promise<ChargeableCall> {
  const hub = managementModuleOf(t).hubSide(t);
  const { driver } = hub.module;
  const applicationId = uniqueApplicationId(t, stem);
  const tenantId = await tenantOf(t, who);
  const resource = await driver.create(hub, { stem, applicationId, as: hub[who] });
  for (const [index, operation] of driver.operations.entries()) {
    const call = await driver.call(hub, resource, { label: `${stem} call`, index, operation, applicationId, as: hub[who] });
    t.ensure(call.code === rpc.Code.OK, `${call.what} behind the hub answered ${call.code}; the check needs it to succeed`);
    if (call.payloadBytes > 0) return { tenantId, applicationId, call };
  }
  return t.skip(`no operation of the ${driver.resourceKind} behind the hub moves payload bytes, which is what the check counts`);
}
