import type { Requirement } from "./read-requirements.js";

/** A check as the map names it: the layer it runs for ("common" for the endpoint's own) and its title. */
export interface CoveringCheck {
  readonly layer: string;
  readonly title: string;
  readonly covers: readonly string[];
}

/** Each requirement with the checks that prove it, and what does not fit. */
export interface CoverageMap {
  readonly rows: ReadonlyArray<{ requirement: Requirement; checks: readonly string[] }>;
  /** Requirements on endpoints no check proves yet. */
  readonly uncovered: readonly Requirement[];
  /** Requirements on callers and tools (area CALLER): the endpoint suite cannot prove them. */
  readonly callerRules: readonly Requirement[];
  /** Checks naming an id no page defines: "storage: Read … names TEL-NOPE-1". */
  readonly unknown: readonly string[];
  /** Checks that name no requirement. */
  readonly silent: readonly string[];
}

const nameOf = (check: CoveringCheck) => `${check.layer}: ${check.title}`;

/**
 * Maps the requirements to the checks that cover them.
 *
 * @example
 * const map = coverageMap(readRequirements("docs").requirements, planChecks(allChecks(LAYER_MODULES), LAYER_MODULES));
 * map.uncovered.map((r) => r.id);
 */
export function coverageMap(requirements: readonly Requirement[], checks: readonly CoveringCheck[]): CoverageMap {
  const known = new Set(requirements.map((r) => r.id));
  const byId = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const check of checks) {
    for (const id of check.covers) {
      if (!known.has(id)) unknown.push(`${nameOf(check)} names ${id}`);
      else byId.set(id, [...(byId.get(id) ?? []), nameOf(check)]);
    }
  }
  const rows = requirements.map((requirement) => ({ requirement, checks: [...new Set(byId.get(requirement.id) ?? [])] }));
  return {
    rows,
    uncovered: rows.filter((r) => r.checks.length === 0 && !r.requirement.caller).map((r) => r.requirement),
    callerRules: requirements.filter((r) => r.caller),
    unknown: [...new Set(unknown)],
    silent: [...new Set(checks.filter((c) => c.covers.length === 0).map(nameOf))],
  };
}
