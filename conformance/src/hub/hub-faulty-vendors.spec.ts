import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVELOPMENT_CREDENTIALS, startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { LAYER_MODULES } from "../layers/index.js";
import type { StartedEndpoint } from "../registry/layer-fixtures.js";
import type { ConformanceReport } from "../runner/conformance-report.js";
import { HUB_DEFECTS } from "./fixtures/hub-defects.js";
import { HUB_SAMPLE_INTERVAL_MS, startHub } from "./fixtures/start-hub.js";
import { HUB_CHECKS } from "./hub-suite.js";
import { runHubConformance } from "./run-hub-conformance.js";

// A hub check exists only once a faulty hub proves it can fail: each defect is planted, one at a
// time, in an otherwise clean reference hub over one reference vendor.
describe("the faulty hubs", () => {
  let backing: StartedEndpoint;

  beforeAll(async () => {
    backing = await startReferenceVendor(REFERENCE_VENDORS[0]!, { sampleIntervalMs: HUB_SAMPLE_INTERVAL_MS });
  }, 20_000);

  afterAll(() => backing?.stop());

  /** Runs the checks titled like `focus` against a hub with `interceptors` over the vendor, then stops the hub. */
  async function run(focus: string[], interceptors: HubDefect["interceptors"] = []): Promise<ConformanceReport> {
    const { hub, target } = await startHub([backing], interceptors);
    try {
      return await runHubConformance({ target, credentials: DEVELOPMENT_CREDENTIALS, timeoutMs: 20_000, focus }, { behind: backing.config, modules: LAYER_MODULES });
    } finally {
      await hub.shutdown(200);
    }
  }

  const resultOf = (report: ConformanceReport, fragment: string) => {
    const matches = report.results.filter((r) => r.title.includes(fragment));
    expect(matches.map((r) => r.title), `one result titled like "${fragment}"`).toHaveLength(1);
    return matches[0]!;
  };

  it("should prove every hub check with a defect", () => {
    const unproven = HUB_CHECKS.filter((c) => !HUB_DEFECTS.some((d) => c.title.includes(d.check))).map((c) => c.title);
    expect(unproven).toEqual([]);
  });

  it("should pass the clean hub on every check a defect is proven with", async () => {
    const report = await run(HUB_DEFECTS.map((d) => d.check));
    expect(HUB_DEFECTS.map((d) => [d.check, resultOf(report, d.check).status, resultOf(report, d.check).message]))
      .toEqual(HUB_DEFECTS.map((d) => [d.check, "pass", undefined]));
  }, 120_000);

  it.each(HUB_DEFECTS.map((d) => [d.name, d] as const))("should fail the %s hub on its check, naming the defect", async (_, defect) => {
    const result = resultOf(await run([defect.check], defect.interceptors), defect.check);
    expect(result.status).toBe("fail");
    expect(result.message).toContain(defect.message);
    expect(result.cleanupErrors).toEqual([]);
  }, 30_000);
});

type HubDefect = (typeof HUB_DEFECTS)[number];
