import { describe, expect, it } from "vitest";
import { REFERENCE_STORAGE_VENDORS } from "./fixtures/reference-vendors.js";
import { TELEMETRY_AND_TOPOLOGY_SUITES, unexpectedFailures } from "./support/telemetry-topology-suites.js";
import { runConformance } from "../../runner/run-conformance.js";

// The whole suite runs against both vendors at their default sampling in reference-vendors.spec.ts;
// this runs the telemetry and topology checks again with 200 ms intervals, where streams move faster.
describe.each(REFERENCE_STORAGE_VENDORS)("the telemetry and topology suites against %s", (vendor, start) => {
  it("should pass every check", async () => {
    const vendorUnderTest = await start({ sampleIntervalMs: 200 });
    try {
      const report = await runConformance({ ...vendorUnderTest.config, timeoutMs: 10_000, focus: TELEMETRY_AND_TOPOLOGY_SUITES });
      const ours = report.results;
      console.info(`${vendor}: ${ours.length} checks in ${ours.reduce((ms, r) => ms + r.durationMs, 0).toFixed(0)} ms`
        + ours.map((r) => `\n  ${r.status} ${r.durationMs.toFixed(0).padStart(5)} ms  ${r.title}${r.logs.map((l) => `\n      ${l}`).join("")}`).join(""));
      expect(report.setupError).toBeUndefined();
      expect(unexpectedFailures(ours)).toEqual([]);
      expect(ours.length).toBe(20);
    } finally {
      await vendorUnderTest.stop();
    }
  }, 60_000);
});
