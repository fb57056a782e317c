import type { CheckResult } from "../../../runner/conformance-report.js";

/** The suites of the telemetry and topology checks a storage endpoint runs (as `focus` entries). */
export const TELEMETRY_AND_TOPOLOGY_SUITES = [
  "common/telemetry-records", "common/telemetry-metrics", "common/telemetry-stream", "common/topology-graph", "common/topology-watch",
  "storage/topology-graph", "storage/topology-watch",
];

/** The results that did not pass (failed, or skipped where nothing may be), as "title: message". */
export function unexpectedFailures(results: readonly CheckResult[]): string[] {
  return results.filter((r) => r.status !== "pass").map((r) => `${r.title}: ${r.message}`);
}
