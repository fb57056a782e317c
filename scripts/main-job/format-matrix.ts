import { qualifiedSuite, type ConformanceReport } from "@strata/conformance";

/** vendor × suite (with the layer it ran for: "<layer>/common/pagination") → passed/failed/skipped (and "N!" warnings), then one line per swap proof. */
export function formatMatrix(
  reports: ReadonlyArray<{ vendor: string; report: ConformanceReport }>,
  swaps: ReadonlyArray<{ pair: string; passed: boolean }>,
): string {
  const suites = [...new Set(reports.flatMap(({ report }) => report.results.map(qualifiedSuite)))].sort();
  const cell = (report: ConformanceReport, suite: string) => {
    const results = report.results.filter((r) => qualifiedSuite(r) === suite);
    if (results.length === 0) return "—";
    const count = (s: string) => results.filter((r) => r.status === s).length;
    return status(count("pass"), count("fail"), count("skip"), count("warn"));
  };
  const header = ["suite (passed/failed/skipped warnings!)", ...reports.map((r) => r.vendor)];
  const rows = suites.map((suite) => [suite, ...reports.map(({ report }) => cell(report, suite))]);
  const totals = ["total", ...reports.map(({ report }) => {
    const { passed, failed, skipped, warnings } = report.summary;
    return status(passed, failed, skipped, warnings);
  })];
  const table = [header, ...rows, totals];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((value, c) => value.padEnd(widths[c]!)).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const swapLines = swaps.map((s) => `swap ${s.pair}: ${s.passed ? "ok" : "FAIL"}`);
  return [line(header), rule, ...rows.map(line), rule, line(totals), "", ...swapLines].join("\n");
}

/** "ok 12/0/3", "FAIL 11/1/3", "warn 12/0/3 1!" (a declared feature no check tested). */
function status(passed: number, failed: number, skipped: number, warnings: number): string {
  return `${failed > 0 ? "FAIL" : warnings > 0 ? "warn" : "ok"} ${passed}/${failed}/${skipped}${warnings > 0 ? ` ${warnings}!` : ""}`;
}
