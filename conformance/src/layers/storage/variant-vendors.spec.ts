import { describe, expect, it } from "vitest";
import "../index.js";
import { runConformance } from "../../runner/run-conformance.js";
import { startStorageVendor } from "./fixtures/faulty/faulty-storage-vendor.js";
import { variants } from "./fixtures/variants/index.js";

describe.each(variants.map((v) => [v.name, v] as const))("the whole suite against the conformant %s storage vendor", (_, variant) => {
  it("should pass every check but the slow ones, and skip only with a reason", async () => {
    const vendor = await startStorageVendor(variant);
    // What a variant changes (limits, how QoS is enforced) the slow checks do not touch: the reference vendors' runs cover them.
    const report = await runConformance({ ...vendor.config, skip: ["slow"] }).finally(() => vendor.stop());
    expect(report.setupError).toBeUndefined();
    expect(report.results.filter((r) => r.status === "fail").map((r) => `${r.title}: ${r.message}`)).toEqual([]);
    for (const skipped of report.results.filter((r) => r.status === "skip")) expect(skipped.message, skipped.title).toMatch(/\S/);
    expect(report.results.filter((r) => r.layer === "storage").length).toBeGreaterThan(40);
  }, 90_000);
});
