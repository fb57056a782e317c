import type { ServiceMap } from "@strata/sdk/client";
import { rpc } from "@strata/sdk/contracts";
import type { LayerCheckContext } from "../runner/check-context.js";

/**
 * The tenant id a credential of the run stands for: from the config when it
 * can be told (insecure headers, JWT claims), otherwise as the endpoint
 * resolves it, read from the owner of a resource the layer's driver creates
 * for the purpose (and deletes at once).
 */
export async function resolveTenantId<S extends ServiceMap>(t: LayerCheckContext<S>, who: "tenantA" | "tenantB"): Promise<string> {
  const known = t.tenantIds[who];
  if (known) return known;
  const { driver } = t.module;
  const resource = await driver.create(t, { stem: "whoami", as: t[who] });
  t.ensure(resource.tenantId !== "", `${driver.rpcs.create} as ${who} returned a ${driver.resourceKind} without its owning tenant; the standard requires it`);
  await t.expectCode(driver.delete(t[who], resource.id), rpc.Code.OK, `${driver.rpcs.delete} ${resource.id}`);
  return resource.tenantId;
}
