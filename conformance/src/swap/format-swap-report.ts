import type { EndpointSummary } from "../runner/conformance-report.js";
import type { SwapReport, SwapSide } from "./run-swap.js";

const ABSENT = "(absent)";

/** The swap proof side by side: a row per aspect, ✗ where the endpoints differ, then the verdict. */
export function formatSwapReport(report: SwapReport): string {
  const header = ["", "aspect", "subject", `A ${report.a.target}`, `B ${report.b.target}`];
  const table = report.rows.map((row) => [row.same ? "✓" : "✗", row.aspect, row.subject, row.a ?? ABSENT, row.b ?? ABSENT]);
  const widths = header.map((_, column) => Math.max(...[header, ...table].map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  const errors = [...sideErrors("A", report.a), ...sideErrors("B", report.b)];
  const verdict = report.passed
    ? `swap proof passed: ${report.rows.length} aspects, all the same`
    : `swap proof FAILED: ${report.differences} of ${report.rows.length} aspects differ${errors.length ? `, ${errors.length} errors` : ""}`;
  return [
    `Swap proof (${report.layers.join(", ") || "common services only"}): A = ${describeSide(report.a)}, B = ${describeSide(report.b)}`,
    line(header),
    ...table.map(line),
    ...errors,
    verdict,
    "",
  ].join("\n");
}

function describeSide(side: SwapSide): string {
  return `${side.target}${side.endpoint ? ` (${product(side.endpoint)})` : ""}`;
}

function product(endpoint: EndpointSummary): string {
  return `${endpoint.vendor} ${endpoint.product} ${endpoint.version}`;
}

function sideErrors(name: string, side: SwapSide): string[] {
  return side.errors.map((error) => `error at ${name}: ${error}`);
}
