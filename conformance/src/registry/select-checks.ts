import type { ConformanceLayer } from "../layers.js";
import type { ConformanceCheck } from "./check-registry.js";

export interface CheckSelection {
  /** The checks to run, in registration order. */
  selected: ConformanceCheck[];
  /** How many checks of the layer focus/skip left out. */
  deselected: number;
}

/**
 * The checks of a layer (its own and the common ones) that pass the focus and
 * skip filters. A filter matches a tag ("idempotency" or "[idempotency]"), a
 * suite ("common/identity") or a substring of the title, case-insensitively.
 */
export function selectChecks(
  checks: readonly ConformanceCheck[],
  filter: { layer: ConformanceLayer; focus?: readonly string[]; skip?: readonly string[] },
): CheckSelection {
  const ofLayer = checks.filter((c) => c.layer === "common" || c.layer === filter.layer);
  const selected = ofLayer.filter((c) =>
    (!filter.focus?.length || filter.focus.some((f) => matchesFilter(c, f)))
    && !filter.skip?.some((s) => matchesFilter(c, s)));
  return { selected, deselected: ofLayer.length - selected.length };
}

/** Whether a focus or skip entry names this check. */
export function matchesFilter(check: ConformanceCheck, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  const tag = wanted.replace(/^\[(.*)\]$/, "$1");
  return check.tags.some((t) => t.toLowerCase() === tag)
    || check.suite.toLowerCase() === tag
    || check.title.toLowerCase().includes(wanted);
}
