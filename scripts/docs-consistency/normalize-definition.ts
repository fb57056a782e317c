/**
 * A definition as both places write it, reduced to what it says: a docs table
 * cell and a proto comment agree when their normal forms are equal.
 * Formatting goes (line breaks, backticks, bold, double quotes, a final
 * period), requirement ids go (`[TEL-REC-1]`, links to them too), a link keeps
 * its text, and a parenthesis holding only a link (a docs cross-reference) or
 * starting with "see docs/" goes.
 *
 * @example
 * normalizeDefinition("The layer. Never `LAYER_UNSPECIFIED` ([layers](overview.md#layers)).") // "The layer. Never LAYER_UNSPECIFIED"
 */
export function normalizeDefinition(text: string): string {
  return text
    .replace(/\s*\(\s*\[[^\]]*\]\([^)]*\)\s*\)/g, "")
    .replace(/\s*\(see docs\/[^)]*\)/g, "")
    .replace(/\[[A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-\d+\](\([^)]*\))?\s*/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`|\*\*|"/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\.$/, "");
}

/** The requirement ids a text defines, in order. */
export function requirementMarkers(text: string): string[] {
  return [...text.matchAll(/\[([A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-\d+)\](?!\()/g)].map((m) => m[1]!);
}
