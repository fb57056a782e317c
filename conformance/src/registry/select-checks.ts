import type { PlannedCheck } from "./plan-checks.js";

export interface CheckSelection {
  /** The checks to run, in plan order. */
  selected: PlannedCheck[];
  /** How many planned checks focus/skip left out. */
  deselected: number;
}

/**
 * The planned checks that pass the focus and skip filters. A filter matches
 * a tag ("idempotency" or "[idempotency]"), a layer's name, a suite
 * ("common/identity"), a requirement id the check covers ("TEL-STREAM-5")
 * or a substring of the title, case-insensitively.
 */
export function selectChecks(
  planned: readonly PlannedCheck[],
  filter: { focus?: readonly string[]; skip?: readonly string[] },
): CheckSelection {
  const selected = planned.filter((c) =>
    (!filter.focus?.length || filter.focus.some((f) => matchesFilter(c, f)))
    && !filter.skip?.some((s) => matchesFilter(c, s)));
  return { selected, deselected: planned.length - selected.length };
}

/** Whether a focus or skip entry names this check. */
export function matchesFilter(check: Pick<PlannedCheck, "tags" | "suite" | "title" | "layer"> & { covers?: readonly string[] }, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  const tag = wanted.replace(/^\[(.*)\]$/, "$1");
  return check.tags.some((t) => t.toLowerCase() === tag)
    || (check.covers ?? []).some((id) => id.toLowerCase() === tag)
    || check.layer.toLowerCase() === tag
    || check.suite.toLowerCase() === tag
    || check.title.toLowerCase().includes(wanted);
}
