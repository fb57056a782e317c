import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceConfigInput } from "../../config.js";
import { startReferenceVendor } from "../../fixtures/start-reference-vendor.js";
import type { StartedEndpoint } from "../../registry/layer-fixtures.js";
import { formatSwapReport } from "../../swap/format-swap-report.js";
import { runSwap } from "../../swap/run-swap.js";
import "../index.js";
import { startAccessVendor } from "./fixtures/faulty/faulty-access-vendor.js";
import { closedSessionUnavailable } from "./fixtures/faulty/session-defects.js";

describe("the access swap scenario", () => {
  const started: StartedEndpoint[] = [];
  const configs: Record<string, ConformanceConfigInput> = {};

  beforeAll(async () => {
    await Promise.all(REFERENCE_VENDORS.filter((v) => v.layer === "access").map(async (reference) => {
      const vendor = await startReferenceVendor(reference);
      started.push(vendor);
      configs[reference.name] = vendor.config;
    }));
  });
  afterAll(async () => {
    await Promise.all(started.map((vendor) => vendor.stop()));
  });

  it("should prove that shapedaccess can replace directaccess", async () => {
    const report = await runSwap(configs.directaccess!, configs.shapedaccess!);
    expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
    expect([...report.a.errors, ...report.b.errors]).toEqual([]);
    expect(report.passed).toBe(true);
    const subjects = report.rows.map((r) => `${r.aspect} ${r.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      "status ForwardService.Forward on a closed session",
      "status ForwardService.Forward to an echo that is down",
      "status EntryPointService.DeregisterEntryPoint with a session",
      "value Forward: the echo's answer byte for byte",
      "metric strata.access.shaping.delay",
      "record LAYER_ACCESS forward",
      "node access.session",
      "relation access.session RELATION_CONNECTS access.entry_point",
    ]));
  }, 30_000);

  it("should fail against a vendor answering another status code, showing the call side by side", async () => {
    const faulty = await startAccessVendor(closedSessionUnavailable);
    try {
      const report = await runSwap(configs.directaccess!, faulty.config, { settleMs: 0 });
      expect(report.passed).toBe(false);
      expect(report.rows.filter((r) => !r.same && r.aspect === "status").map((r) => [r.subject, r.a, r.b])).toEqual([
        ["ForwardService.Forward on a closed session", "FAILED_PRECONDITION", "UNAVAILABLE"],
      ]);
    } finally {
      await faulty.stop();
    }
  }, 30_000);
});
