import { describe, expect, it } from "vitest";
import { REFERENCE_STORAGE_VENDORS } from "./fixtures/reference-vendors.js";
import { groupBySuite } from "../../helpers/group-by-suite.js";
import { runConformance } from "../../runner/run-conformance.js";

describe.each(REFERENCE_STORAGE_VENDORS)("the storage suite against %s", (vendor, start) => {
  it("should pass every check, and skip only with a reason", async () => {
    const vendorUnderTest = await start();
    const report = await runConformance(vendorUnderTest.config).finally(() => vendorUnderTest.stop());
    const storageResults = report.results.filter((r) => r.layer === "storage");
    const perSuite = [...groupBySuite(storageResults)].map(([suite, results]) => `${suite} ${results.reduce((ms, r) => ms + r.durationMs, 0).toFixed(0)} ms`);
    console.info(`${vendor}: storage suites ${storageResults.reduce((ms, r) => ms + r.durationMs, 0).toFixed(0)} ms (${perSuite.join(", ")}), `
      + `whole run ${report.durationMs.toFixed(0)} ms, ${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped`);
    expect(report.setupError).toBeUndefined();
    const failed = report.results.filter((r) => r.status === "fail");
    expect(failed.map((r) => `${r.title}: ${r.message}`)).toEqual([]);
    for (const skipped of report.results.filter((r) => r.status === "skip")) expect(skipped.message, skipped.title).toMatch(/\S/);
    expect(storageResults.length).toBeGreaterThan(40);
  }, 30_000);
});
