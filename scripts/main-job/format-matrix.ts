import { qualifiedSuite, type ConformanceReport } from "@strata/conformance";

/** vendor × suite (with the layer it ran for: "<layer>/common/pagination") → passed/failed/skipped, then one line per swap proof. */
export function formatMatrix(
  reports: ReadonlyArray<{ vendor: string; report: ConformanceReport }>,
  swaps: ReadonlyArray<{ pair: string; passed: boolean }>,
): string {
  const suites = [...new Set(reports.flatMap(({ report }) => report.results.map(qualifiedSuite)))].sort();
  const cell = (report: ConformanceReport, suite: string) => {
    const results = report.results.filter((r) => qualifiedSuite(r) === suite);
    if (results.length === 0) return "—";
    const count = (s: string) => results.filter((r) => r.status === s).length;
    const [passed, failed, skipped] = [count("pass"), count("fail"), count("skip")];
    return `${failed > 0 ? "FAIL" : "ok"} ${passed}/${failed}/${skipped}`;
  };
  const header = ["suite (passed/failed/skipped)", ...reports.map((r) => r.vendor)];
  const rows = suites.map((suite) => [suite, ...reports.map(({ report }) => cell(report, suite))]);
  const totals = ["total", ...reports.map(({ report }) => {
    const { passed, failed, skipped } = report.summary;
    return `${failed > 0 ? "FAIL" : "ok"} ${passed}/${failed}/${skipped}`;
  })];
  const table = [header, ...rows, totals];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((value, c) => value.padEnd(widths[c]!)).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const swapLines = swaps.map((s) => `swap ${s.pair}: ${s.passed ? "ok" : "FAIL"}`);
  return [line(header), rule, ...rows.map(line), rule, line(totals), "", ...swapLines].join("\n");
}
