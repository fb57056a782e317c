import type { LayerCheckContext } from "../runner/check-context.js";
import type { StreamRelay } from "./stream-relay.js";

/** Each hub module's view of a check as its layer's driver needs it: clients of the endpoint behind the hub. */
const BEHIND = new WeakMap<object, (t: LayerCheckContext) => LayerCheckContext>();

/** Each hub module's relay between the hub and the endpoint behind it, when the run has one. */
const RELAYS = new WeakMap<object, StreamRelay>();

/** Records how a hub module maps a check to the endpoint behind the hub, and the run's relay (hubLayerModule calls it). */
export function registerBehind(module: object, behind: (t: LayerCheckContext) => LayerCheckContext, relay?: StreamRelay): void {
  BEHIND.set(module, behind);
  if (relay) RELAYS.set(module, relay);
}

/** The relay the hub of a hub check reaches the endpoint behind it by, when the run has one. */
export const relayBehind = (t: LayerCheckContext<any>): StreamRelay | undefined => RELAYS.get(t.module);

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
