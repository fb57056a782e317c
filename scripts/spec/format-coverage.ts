import type { CoverageMap } from "./coverage-map.js";
import type { Requirement } from "./read-requirements.js";

const MAX_TEXT = 110;
const short = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);
const line = (r: Requirement) => `${r.id.padEnd(14)} ${short(r.text)}`;

/** Groups requirements by page, in page order. */
function byPage(requirements: readonly Requirement[]): Map<string, Requirement[]> {
  const pages = new Map<string, Requirement[]>();
  for (const r of requirements) pages.set(r.page, [...(pages.get(r.page) ?? []), r]);
  return pages;
}

/**
 * The map as text for a terminal: every requirement with the checks that
 * prove it, then the requirements no check proves yet (by page), the rules
 * on callers, and the checks that name no requirement.
 */
export function formatCoverage(map: CoverageMap): string {
  const out: string[] = [];
  const endpointRows = map.rows.filter((row) => !row.requirement.caller);
  for (const [page, requirements] of byPage(endpointRows.map((row) => row.requirement))) {
    out.push(`── ${page}`);
    for (const requirement of requirements) {
      const checks = endpointRows.find((row) => row.requirement === requirement)!.checks;
      out.push(line(requirement));
      out.push(...(checks.length > 0 ? checks.map((c) => `${" ".repeat(17)}✓ ${c}`) : [`${" ".repeat(17)}✗ no check yet`]));
    }
  }
  out.push("", `Requirements on endpoints without a check (${map.uncovered.length} of ${endpointRows.length}):`);
  for (const [page, requirements] of byPage(map.uncovered)) {
    out.push(`  ${page}: ${requirements.map((r) => r.id).join(", ")}`);
  }
  out.push("", `Requirements on callers and tools, which no endpoint check can prove (${map.callerRules.length}): ${map.callerRules.map((r) => r.id).join(", ")}`);
  if (map.silent.length > 0) out.push("", `Checks that name no requirement (${map.silent.length}):`, ...map.silent.map((c) => `  ${c}`));
  if (map.unknown.length > 0) out.push("", `Checks naming an id no page defines (${map.unknown.length}):`, ...map.unknown.map((c) => `  ${c}`));
  const covered = endpointRows.length - map.uncovered.length;
  out.push("", `${endpointRows.length} requirements on endpoints: ${covered} proved by a check, ${map.uncovered.length} not yet; ${map.callerRules.length} on callers.`);
  return out.join("\n");
}
