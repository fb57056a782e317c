import type { core } from "@strata/sdk/contracts";
import type { ResolvedControllerOptions } from "./controller-options.js";
import { calmBaseline, type SlaState } from "./sla-state.js";

/** How far one layer's share of a transaction grew from its calm baseline, ns. */
export interface Growth {
  layer: core.Layer;
  mean: number;
  baseline: number;
  grew: number;
}

/** One layer's share `mean` against its calm baseline. */
export function growthOf(state: SlaState, layer: core.Layer, mean: number): Growth {
  const baseline = calmBaseline(state, layer);
  return { layer, mean, baseline, grew: mean - baseline };
}

/** The layers whose share of a window grew, most first. */
export const windowGrowth = (state: SlaState, layerMeanNs: ReadonlyMap<core.Layer, number>): Growth[] =>
  [...layerMeanNs].map(([layer, mean]) => growthOf(state, layer, mean)).filter((g) => g.grew > 0).sort((a, b) => b.grew - a.grew);

/**
 * The layers blamed: those whose share grew by at least blameFraction of the
 * largest growth (the first, as windowGrowth sorts) and by at least
 * minGrowthFraction of the target, so that a layer moved by noise is not.
 */
export function blamedLayers(growth: readonly Growth[], targetNs: number, o: Pick<ResolvedControllerOptions, "blameFraction" | "minGrowthFraction">): Growth[] {
  const largest = growth[0]?.grew ?? 0;
  return growth.filter((g) => g.grew >= o.blameFraction * largest && g.grew >= o.minGrowthFraction * targetNs);
}
