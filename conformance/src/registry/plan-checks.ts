import type { ConformanceCheck } from "./check-registry.js";
import { tagsOf } from "./check-registry.js";
import type { LayerModule } from "./layer-module.js";

/** A check as a run executes it: `layer` is where it runs ("common" for the endpoint's, else the module's name). */
export interface PlannedCheck extends ConformanceCheck {
  /** The layer under test, for checks run through a module. */
  readonly module?: LayerModule;
}

/**
 * What a run executes, in order: the endpoint's common checks once, then
 * for each layer under test the common checks run through its module (one
 * per probe where a check is repeated per probe) and the layer's own checks.
 * A common check run for a layer also covers the layer's requirement ids
 * its module lists for it (LayerModule.commonCovers).
 */
export function planChecks(checks: readonly ConformanceCheck[], modules: readonly LayerModule[]): PlannedCheck[] {
  const planned: PlannedCheck[] = checks.filter((c) => c.scope === "endpoint").map((c) => ({ ...c, layer: "common" }));
  for (const module of modules) {
    for (const check of checks) {
      if (check.scope !== "layer" || (check.layer !== "common" && check.layer !== module.name)) continue;
      const covers = [...check.covers, ...(check.layer === "common" ? module.commonCovers?.[check.title] ?? [] : [])];
      if (!check.each) {
        planned.push({ ...check, layer: module.name, module, covers });
        continue;
      }
      const { items, run } = check.each;
      for (const item of items(module)) {
        const title = check.title.replaceAll("{rpc}", item.rpc);
        planned.push({
          title, tags: tagsOf(title), suite: check.suite, layer: module.name, scope: "layer", module,
          requires: [...check.requires, ...(item.requires ?? [])], covers, timeoutMs: check.timeoutMs, run: (t) => run(t, item),
        });
      }
    }
  }
  return planned;
}
