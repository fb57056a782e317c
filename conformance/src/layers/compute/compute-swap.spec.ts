import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceConfigInput } from "../../config.js";
import { startReferenceVendor } from "../../fixtures/start-reference-vendor.js";
import type { StartedEndpoint } from "../../registry/layer-fixtures.js";
import { formatSwapReport } from "../../swap/format-swap-report.js";
import { runSwap } from "../../swap/run-swap.js";
import "../index.js";
import { startComputeVendor } from "./fixtures/faulty/faulty-compute-vendor.js";
import { stoppedUnavailable } from "./fixtures/faulty/instance-defects.js";

describe("the compute swap scenario", () => {
  const started: StartedEndpoint[] = [];
  const configs: Record<string, ConformanceConfigInput> = {};

  beforeAll(async () => {
    await Promise.all(REFERENCE_VENDORS.filter((v) => v.layer === "compute").map(async (reference) => {
      const vendor = await startReferenceVendor(reference);
      started.push(vendor);
      configs[reference.name] = vendor.config;
    }));
  });
  afterAll(async () => {
    await Promise.all(started.map((vendor) => vendor.stop()));
  });

  it("should prove that procpool can replace threadpool", async () => {
    const report = await runSwap(configs.threadpool!, configs.procpool!);
    expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
    expect([...report.a.errors, ...report.b.errors]).toEqual([]);
    expect(report.passed).toBe(true);
    const subjects = report.rows.map((r) => `${r.aspect} ${r.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      "status ExecutionService.Execute on a stopped instance",
      "status InstanceService.DeleteInstance of an attached instance",
      "value Execute sort: the digest of docs/compute.md",
      "metric strata.compute.cpu.time",
      "record LAYER_COMPUTE execute",
      "node compute.instance",
      "relation compute.instance RELATION_PLACED_ON compute.host",
    ]));
  }, 30_000);

  it("should fail against a vendor answering another status code, showing the call side by side", async () => {
    const faulty = await startComputeVendor(stoppedUnavailable);
    try {
      const report = await runSwap(configs.threadpool!, faulty.config, { settleMs: 0 });
      expect(report.passed).toBe(false);
      expect(report.rows.filter((r) => !r.same && r.aspect === "status").map((r) => [r.subject, r.a, r.b])).toEqual([
        ["ExecutionService.Execute on a stopped instance", "FAILED_PRECONDITION", "UNAVAILABLE"],
      ]);
    } finally {
      await faulty.stop();
    }
  }, 30_000);
});
