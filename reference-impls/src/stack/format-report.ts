import type { HubReport } from "./hub-report.js";
import type { WorkloadResult } from "./run-workload.js";

const ms = (ns: bigint) => (Number(ns) / 1e6).toFixed(2);

/** The hub's answers and what the devices saw, as lines for a terminal. */
export function formatReport(report: HubReport, workload?: WorkloadResult): string {
  const lines: string[] = [];
  if (workload) {
    const failures = [...workload.failures].map(([code, n]) => `${n}× code ${code}`).join(", ");
    lines.push(`workload: ${workload.ok} transactions OK, ${workload.failed} failed${failures ? ` (${failures})` : ""} in ${(workload.elapsedMs / 1000).toFixed(1)} s (${workload.perSecond.toFixed(1)}/s)`);
  }
  const tenants = [...new Set(report.applications.map((a) => a.tenantId))].sort();
  for (const tenant of tenants) {
    lines.push(`tenant ${tenant}:`);
    for (const app of report.applications.filter((a) => a.tenantId === tenant)) {
      const e = app.endToEnd;
      const reasons = app.incompleteByReason.map((r) => `${r.reason} ${r.count}`).join(", ");
      lines.push(`  ${app.applicationId}: ${app.complete} complete, ${app.incomplete} incomplete${reasons ? ` (${reasons})` : ""}; layers ${app.layers.join(", ") || "none"}`);
      lines.push(`    end to end   p50 ${ms(e.p50Ns)} ms  p95 ${ms(e.p95Ns)} ms  p99 ${ms(e.p99Ns)} ms  (${e.count} transactions)`);
      for (const l of app.byLayer) lines.push(`    ${l.layer.padEnd(12)} p50 ${ms(l.p50Ns)} ms  p95 ${ms(l.p95Ns)} ms  p99 ${ms(l.p99Ns)} ms`);
      lines.push(`    graph: ${app.nodeKinds.join(", ")}`);
    }
  }
  lines.push("endpoints:");
  for (const e of report.endpoints) lines.push(`  ${e.layers.join(",").padEnd(8)} ${e.target.padEnd(18)} ${e.state}, ${e.gaps} gaps, ${e.restarts} restarts`);
  return lines.join("\n");
}
