import type { LayerCheckContext } from "../runner/check-context.js";

/** Each hub module's view of a check as its layer's driver needs it: clients of the endpoint behind the hub. */
const BEHIND = new WeakMap<object, (t: LayerCheckContext) => LayerCheckContext>();

/** Records how a hub module maps a check to the endpoint behind the hub (hubLayerModule calls it). */
export function registerBehind(module: object, behind: (t: LayerCheckContext) => LayerCheckContext): void {
  BEHIND.set(module, behind);
}

/**
 * `t` of a hub check with the clients of the endpoint behind the hub (and the
 * layer's own module), for the hub checks that compare what the hub serves
 * with what the endpoint does.
 */
export function behindHub(t: LayerCheckContext<any>): LayerCheckContext {
  const behind = BEHIND.get(t.module);
  if (!behind) throw new Error(`behindHub: the module ${t.module.name} is no hub module`);
  return behind(t as LayerCheckContext);
}
