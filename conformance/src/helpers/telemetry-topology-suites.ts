import type { CheckResult } from "../runner/conformance-report.js";

/** The suites of the storage layer's telemetry and topology checks (as `focus` entries). */
export const TELEMETRY_AND_TOPOLOGY_SUITES = [
  "storage/telemetry-records", "storage/telemetry-metrics", "storage/telemetry-stream", "storage/topology-graph", "storage/topology-watch",
];

/**
 * Failures the reference vendors show because the SDK they share departs
 * from the docs. Each is reported to the SDK's owners; a spec tolerates it
 * (pass or exactly this failure) until it is fixed, then the entry goes.
 */
export const KNOWN_SDK_DEFECTS: ReadonlyArray<{ check: string; message: RegExp; why: string }> = [];

/** The results that fail, other than a known SDK defect failing exactly as recorded, as "title: message". */
export function unexpectedFailures(results: readonly CheckResult[]): string[] {
  return results
    .filter((r) => r.status !== "pass")
    .filter((r) => !(r.status === "fail" && KNOWN_SDK_DEFECTS.some((k) => r.title.startsWith(k.check) && k.message.test(r.message ?? ""))))
    .map((r) => `${r.title}: ${r.message}`);
}
