import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import { hubLayerModule } from "../hub/hub-layer-module.js";
import type { LayerModule } from "../registry/layer-module.js";
import { connectWith } from "../runner/open-session.js";

/**
 * The hub module (hubLayerModule) over the layer endpoint behind the hub: the
 * module of `behind.layer`, else of the first layer the endpoint declares
 * that the suite has a module of. Its driver makes resources and traced calls
 * there, each made once the hub holds it.
 */
export async function hubModuleOver(behind: ConformanceConfigInput, modules: readonly LayerModule[]): Promise<LayerModule & { close(): void }> {
  const config = resolveConfig(behind, modules.map((m) => m.name));
  let inner = modules.find((m) => m.name === config.layer);
  if (!inner) {
    const client = connectWith(config, "operator", []);
    try {
      const { layers } = await client.identity.getInfo({});
      inner = modules.find((m) => layers.includes(m.layer));
    } finally {
      client.close();
    }
  }
  if (!inner) throw new Error(`the endpoint behind the hub (${config.target}) declares no layer the suite has a module of`);
  const backing = resolveConfig({ ...behind, layer: inner.name }, modules.map((m) => m.name));
  return hubLayerModule(inner, {
    connect: (caller, options) => connectWith(backing, caller, [inner], options),
    parameters: backing.layerParameters[inner.name] ?? {},
  });
}
