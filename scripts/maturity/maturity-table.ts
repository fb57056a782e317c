import type { MaturityIndex } from "./create-maturity-index.js";

const BEGIN = "<!-- maturity table: generated from the proto tags by `npm run proto:maturity -- --docs`; do not edit -->";
const END = "<!-- end of maturity table -->";

/**
 * The maturity table of docs/overview.md: every package and service, and every
 * element whose maturity differs from that of the element it inherits from.
 * With the inheritance rule, the table tells the maturity of every element.
 */
export function formatMaturityTable(index: MaturityIndex): string {
  const byName = new Map(index.elements.map((e) => [e.name, e]));
  const listed = index.elements.filter(
    (e) => e.kind === "package" || e.kind === "service" || e.maturity !== byName.get(e.parent ?? "")?.maturity,
  );
  // Each package's row, then its elements' in declaration order.
  const packages = listed.filter((e) => e.kind === "package").map((e) => e.name);
  const rows = packages.flatMap((p) => listed.filter((e) => e.name === p || e.name.startsWith(`${p}.`)));
  return [
    "| element | kind | maturity |",
    "|---|---|---|",
    ...rows.map((e) => `| \`${e.name}\` | ${e.kind} | ${e.maturity} |`),
  ].join("\n");
}

/** The table between the markers of a Markdown text, or undefined when the markers are missing. */
export function findMaturityTable(markdown: string): string | undefined {
  const start = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return markdown.slice(start + BEGIN.length, end).trim();
}

/** The Markdown text with the table between its markers replaced. */
export function replaceMaturityTable(markdown: string, table: string): string {
  const start = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`no maturity table markers: "${BEGIN}" … "${END}"`);
  return `${markdown.slice(0, start + BEGIN.length)}\n${table}\n${markdown.slice(end)}`;
}
