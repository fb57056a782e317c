import { COMMON_SERVICES, type ServiceMap } from "@strata/sdk/client";
import type { LayerModule } from "./layer-module.js";

const registered: LayerModule[] = [];

/**
 * Registers the layers the suite checks (layers/index.ts calls it once).
 * Names, layer values and client names must be unique across layers, since
 * one connection serves the clients of every layer under test.
 */
export function registerLayerModules(modules: readonly LayerModule[]): readonly LayerModule[] {
  for (const module of modules) {
    if (registered.includes(module)) continue;
    const clash = registered.find((m) => m.name === module.name || m.layer === module.layer);
    if (clash) throw new TypeError(`registerLayerModules: ${module.name} clashes with ${clash.name} (same name or layer)`);
    registered.push(module);
  }
  servicesOf(registered);
  return modules;
}

/** Every registered layer module, in registration order. */
export function layerModules(): readonly LayerModule[] {
  return registered;
}

/** The services of several layers as one map for connect(); refuses a client name another layer or the common services took. */
export function servicesOf(modules: readonly LayerModule[]): ServiceMap {
  const services: Record<string, unknown> = {};
  const owner = new Map<string, string>(Object.keys(COMMON_SERVICES).map((name) => [name, "the common services"]));
  for (const module of modules) {
    for (const [name, definition] of Object.entries(module.services)) {
      const other = owner.get(name);
      if (other !== undefined && other !== module.name) throw new TypeError(`layer ${module.name} names a client "${name}", taken by ${other}`);
      owner.set(name, module.name);
      services[name] = definition;
    }
  }
  return services as ServiceMap;
}
