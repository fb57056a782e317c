// The whole suite against every reference vendor of one layer, for the
// reference-vendors.<layer>.spec.ts files: one small spec file per layer, so
// that vitest runs the layers in parallel files rather than one long file.
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { describe, expect, it } from "vitest";
import { startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { groupBySuite } from "../helpers/group-by-suite.js";
import { qualifiedSuite } from "../runner/conformance-report.js";
import { runConformance } from "../runner/run-conformance.js";
import { LAYER_MODULES } from "./index.js";

/** The spec file that runs the whole suite against the reference vendors of `layer`. */
export const referenceVendorSpecFile = (layer: string) => `reference-vendors.${layer}.spec.ts`;

/** Describes the whole suite against each reference vendor of `layer` (in the registry's order). */
export function describeReferenceVendors(layer: string): void {
  const vendors = REFERENCE_VENDORS.filter((v) => v.layer === layer);
  describe.each(vendors.map((v) => [`${v.layer} ${v.name}`, v] as const))("the whole suite against the reference vendor %s", (_, vendor) => {
    it("should pass every check over a unix socket, the layer taken from GetInfo, and skip only with a reason", async () => {
      expect(LAYER_MODULES.map((m) => m.name), `no layer module checks ${vendor.layer}`).toContain(vendor.layer);
      const vendorUnderTest = await startReferenceVendor(vendor, { listen: "unix" });
      const report = await runConformance(vendorUnderTest.config).finally(() => vendorUnderTest.stop());
      const perSuite = [...groupBySuite(report.results.map((r) => ({ ...r, suite: qualifiedSuite(r) })))]
        .map(([suite, results]) => `${suite} ${results.reduce((ms, r) => ms + r.durationMs, 0).toFixed(0)} ms`);
      console.info(`${vendor.name} at ${vendorUnderTest.config.target}: ${perSuite.join(", ")}; `
        + `whole run ${report.durationMs.toFixed(0)} ms, ${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped`);
      expect(report.setupError).toBeUndefined();
      expect(report.layers).toEqual([vendor.layer]);
      expect(report.uncheckedLayers).toEqual([]);
      const failed = report.results.filter((r) => r.status === "fail");
      expect(failed.map((r) => `${r.title}: ${r.message}`)).toEqual([]);
      for (const skipped of report.results.filter((r) => r.status === "skip")) expect(skipped.message, skipped.title).toMatch(/\S/);
      expect(report.results.filter((r) => r.layer === vendor.layer).length).toBeGreaterThan(40);
      // The whole suite: about 25 s of checks on an idle machine, some waiting on purpose (sample intervals, floods).
    }, 120_000);
  });
}
