import type { CheckResult } from "../../../runner/conformance-report.js";

/** The suites of the storage layer's telemetry and topology checks (as `focus` entries). */
export const TELEMETRY_AND_TOPOLOGY_SUITES = [
  "storage/telemetry-records", "storage/telemetry-metrics", "storage/telemetry-stream", "storage/topology-graph", "storage/topology-watch",
];

/** The results that did not pass (failed, or skipped where nothing may be), as "title: message". */
export function unexpectedFailures(results: readonly CheckResult[]): string[] {
  return results.filter((r) => r.status !== "pass").map((r) => `${r.title}: ${r.message}`);
}
