import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceConfigInput } from "../../config.js";
import { startStorageVendor, type RunningVendor } from "./fixtures/faulty/faulty-storage-vendor.js";
import { wrongStatusCode } from "./fixtures/faulty/wrong-status-code.js";
import { idleSecondPool } from "./fixtures/variants/idle-second-pool.js";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { startReferenceVendor } from "../../fixtures/start-reference-vendor.js";
import type { StartedEndpoint } from "../../registry/layer-fixtures.js";
import "../index.js";
import { formatSwapReport } from "../../swap/format-swap-report.js";
import { runSwap } from "../../swap/run-swap.js";

describe("the storage swap scenario", () => {
  const started: StartedEndpoint[] = [];
  const configs: Record<string, ConformanceConfigInput> = {};

  beforeAll(async () => {
    await Promise.all(REFERENCE_VENDORS.filter((v) => v.layer === "storage").map(async (reference) => {
      const vendor = await startReferenceVendor(reference);
      started.push(vendor);
      configs[reference.name] = vendor.config;
    }));
  });
  afterAll(async () => {
    await Promise.all(started.map((vendor) => vendor.stop()));
  });

  it("should prove that blockfile can replace memstore", async () => {
    const report = await runSwap(configs.memstore!, configs.blockfile!);
    expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
    expect([...report.a.errors, ...report.b.errors]).toEqual([]);
    expect(report.passed).toBe(true);
    const subjects = report.rows.map((r) => `${r.aspect} ${r.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      "status VolumeService.CreateVolume repeated with another capacity",
      "status BlockService.Read past the end",
      "status VolumeService.DeleteVolume of a mapped volume",
      "metric strata.storage.io.ops",
      "record LAYER_STORAGE write",
      "node storage.volume",
      "relation storage.volume RELATION_PLACED_ON storage.pool",
    ]));
  }, 20_000);

  it("should see no difference in a field the spec lets be zero: a vendor's idle second pool", async () => {
    let other: RunningVendor | undefined;
    try {
      other = await startStorageVendor(idleSecondPool);
      const report = await runSwap(configs.memstore!, other.config);
      expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
      expect(report.passed).toBe(true);
    } finally {
      await other?.stop();
    }
  }, 20_000);

  it("should fail against a vendor answering another status code, showing the call side by side", async () => {
    let faulty: RunningVendor | undefined;
    try {
      faulty = await startStorageVendor(wrongStatusCode);
      const report = await runSwap(configs.memstore!, faulty.config, { settleMs: 0 });
      expect(report.passed).toBe(false);
      expect(report.rows.filter((r) => !r.same && r.aspect === "status").map((r) => [r.subject, r.a, r.b])).toEqual([
        ["VolumeService.GetVolume as tenant B of tenant A's volume", "NOT_FOUND", "INVALID_ARGUMENT"],
        ["VolumeService.GetVolume of an unknown volume", "NOT_FOUND", "INVALID_ARGUMENT"],
      ]);
    } finally {
      await faulty?.stop();
    }
  }, 20_000);
});
