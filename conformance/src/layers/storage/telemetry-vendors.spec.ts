import { describe, expect, it } from "vitest";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { startReferenceVendor } from "../../fixtures/start-reference-vendor.js";
import "../index.js";
import { TELEMETRY_AND_TOPOLOGY_SUITES, unexpectedFailures } from "./support/telemetry-topology-suites.js";
import { runConformance } from "../../runner/run-conformance.js";

// The whole suite runs against both vendors at their default sampling in reference-vendors.spec.ts;
// this runs the telemetry and topology checks again with 200 ms intervals, where streams move faster.
const STORAGE_VENDORS = REFERENCE_VENDORS.filter((v) => v.layer === "storage").map((v) => [v.name, v] as const);

describe.each(STORAGE_VENDORS)("the telemetry and topology suites against %s", (vendor, reference) => {
  it("should pass every check", async () => {
    const vendorUnderTest = await startReferenceVendor(reference, { sampleIntervalMs: 200 });
    try {
      const report = await runConformance({ ...vendorUnderTest.config, timeoutMs: 10_000, focus: TELEMETRY_AND_TOPOLOGY_SUITES });
      const ours = report.results;
      console.info(`${vendor}: ${ours.length} checks in ${ours.reduce((ms, r) => ms + r.durationMs, 0).toFixed(0)} ms`
        + ours.map((r) => `\n  ${r.status} ${r.durationMs.toFixed(0).padStart(5)} ms  ${r.title}${r.logs.map((l) => `\n      ${l}`).join("")}`).join(""));
      expect(report.setupError).toBeUndefined();
      expect(unexpectedFailures(ours)).toEqual([]);
      expect(ours.length).toBe(23);
    } finally {
      await vendorUnderTest.stop();
    }
  }, 60_000);
});
