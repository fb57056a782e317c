import { describe, expect, it } from "vitest";
import "../index.js";
import { runConformance } from "../../runner/run-conformance.js";
import { startStorageVendor } from "./fixtures/faulty/faulty-storage-vendor.js";
import { demandingVendor, REQUIRED_LABEL, SMALLEST_VOLUME } from "./fixtures/variants/demanding-vendor.js";
import { storageModule } from "./index.js";

/** The storage module's own suites (the common ones run for it know nothing of its parameters). */
const STORAGE_SUITES = [...new Set(storageModule.checks.map((c) => c.suite))];

/** Runs the storage suites but the slow ones against the demanding vendor with these settings. */
async function runDemanding(settings: object) {
  const vendor = await startStorageVendor(demandingVendor);
  return runConformance({ ...vendor.config, focus: STORAGE_SUITES, skip: ["slow"], ...settings }).finally(() => vendor.stop());
}

describe("the storage parameters and the absent-id template (csi-sanity's test knobs)", () => {
  it("should let a vendor with its own smallest volume, required label and id form pass once the run is told them", async () => {
    const report = await runDemanding({
      absentIdTemplate: "vol-{hex:12}",
      layerParameters: { storage: { volume_size_bytes: String(SMALLEST_VOLUME), labels: `${REQUIRED_LABEL}=test` } },
    });
    expect(report.results.filter((r) => r.status === "fail").map((r) => `${r.title}: ${r.message}`)).toEqual([]);
    expect(report.results.filter((r) => r.status === "pass").length).toBeGreaterThan(60);
  }, 90_000);

  it("should fail it without them: the suite's own defaults are what the vendor refuses", async () => {
    const report = await runDemanding({});
    const failed = report.results.filter((r) => r.status === "fail").map((r) => r.message ?? "");
    expect(failed.some((m) => m.includes("capacity_bytes: must be at least 4194304"))).toBe(true);
    expect(failed.some((m) => m.includes("volume_id: is not a volume id of this endpoint"))).toBe(true);
  }, 90_000);
});
