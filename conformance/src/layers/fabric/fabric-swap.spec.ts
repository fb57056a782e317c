import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceConfigInput } from "../../config.js";
import { startReferenceVendor } from "../../fixtures/start-reference-vendor.js";
import type { StartedEndpoint } from "../../registry/layer-fixtures.js";
import { formatSwapReport } from "../../swap/format-swap-report.js";
import { runSwap } from "../../swap/run-swap.js";
import "../index.js";
import { startFabricVendor } from "./fixtures/faulty/faulty-fabric-vendor.js";
import { zoningIgnored } from "./fixtures/faulty/transfer-defects.js";

describe("the fabric swap scenario", () => {
  const started: StartedEndpoint[] = [];
  const configs: Record<string, ConformanceConfigInput> = {};

  beforeAll(async () => {
    await Promise.all(REFERENCE_VENDORS.filter((v) => v.layer === "fabric").map(async (reference) => {
      const vendor = await startReferenceVendor(reference);
      started.push(vendor);
      configs[reference.name] = vendor.config;
    }));
  });
  afterAll(async () => {
    await Promise.all(started.map((vendor) => vendor.stop()));
  });

  it("should prove that creditfabric can replace directfabric", async () => {
    const report = await runSwap(configs.directfabric!, configs.creditfabric!);
    expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
    expect([...report.a.errors, ...report.b.errors]).toEqual([]);
    expect(report.passed).toBe(true);
    const subjects = report.rows.map((r) => `${r.aspect} ${r.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      "status TransferService.Transfer of a pair no zone lists",
      "status PortService.DeletePort of a zoned port",
      "value Transfer read of a sink: length_bytes zero bytes",
      "metric strata.fabric.path.latency",
      "record LAYER_FABRIC transfer",
      "node fabric.port",
      "relation fabric.port RELATION_CONNECTS fabric.port",
    ]));
  }, 30_000);

  it("should fail against a vendor that carries unzoned pairs, showing the call side by side", async () => {
    const faulty = await startFabricVendor(zoningIgnored);
    try {
      const report = await runSwap(configs.directfabric!, faulty.config, { settleMs: 0 });
      expect(report.passed).toBe(false);
      expect(report.rows.filter((r) => !r.same && r.aspect === "status").map((r) => [r.subject, r.a, r.b])).toEqual([
        ["TransferService.Transfer of a pair no zone lists", "FAILED_PRECONDITION", "OK"],
      ]);
    } finally {
      await faulty.stop();
    }
  }, 30_000);
});
