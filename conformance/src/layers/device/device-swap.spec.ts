import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceConfigInput } from "../../config.js";
import { startReferenceVendor } from "../../fixtures/start-reference-vendor.js";
import type { StartedEndpoint } from "../../registry/layer-fixtures.js";
import { formatSwapReport } from "../../swap/format-swap-report.js";
import { runSwap } from "../../swap/run-swap.js";
import "../index.js";
import { startDeviceVendor } from "./fixtures/faulty/faulty-device-vendor.js";
import { journeyPastFailure } from "./fixtures/faulty/transaction-defects.js";

describe("the device swap scenario", () => {
  const started: StartedEndpoint[] = [];
  const configs: Record<string, ConformanceConfigInput> = {};

  beforeAll(async () => {
    await Promise.all(REFERENCE_VENDORS.filter((v) => v.layer === "device").map(async (reference) => {
      const vendor = await startReferenceVendor(reference);
      started.push(vendor);
      configs[reference.name] = vendor.config;
    }));
  });
  afterAll(async () => {
    await Promise.all(started.map((vendor) => vendor.stop()));
  });

  it("should prove that probe can replace fleet", async () => {
    const report = await runSwap(configs.fleet!, configs.probe!);
    expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
    expect([...report.a.errors, ...report.b.errors]).toEqual([]);
    expect(report.passed).toBe(true);
    const subjects = report.rows.map((r) => `${r.aspect} ${r.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      "status TransactionService.Transact failed by the echo application",
      "status TransactionService.RunJourney with a failing step",
      "value RunJourney with a failing step reports",
      "metric strata.device.experience.latency",
      "record LAYER_DEVICE transact",
      "node device.device",
    ]));
  }, 30_000);

  it("should fail against a vendor that runs a journey past its failed step, showing the difference side by side", async () => {
    const faulty = await startDeviceVendor(journeyPastFailure);
    try {
      const report = await runSwap(configs.fleet!, faulty.config, { settleMs: 0 });
      expect(report.passed).toBe(false);
      expect(report.rows.filter((r) => !r.same).map((r) => r.subject)).toContain("RunJourney with a failing step reports");
    } finally {
      await faulty.stop();
    }
  }, 30_000);
});
