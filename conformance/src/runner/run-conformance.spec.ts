import { core } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CREDENTIALS, HEALTHY, startFixtureEndpoint, type FixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { fixtureModule } from "../fixtures/fixture-module.js";
import { createLayerChecks, createRegistry } from "../registry/check-registry.js";
import { runConformance } from "./run-conformance.js";

let endpoint: FixtureEndpoint;
beforeAll(async () => { endpoint = await startFixtureEndpoint(); });
afterAll(() => endpoint.close());

/** Declares no optional feature, so that no untested-feature warning joins the results. */
const NO_FEATURES = { ...HEALTHY.capabilities, capabilities: [] };

function checksOf() {
  const registry = createRegistry();
  registry.check("passes [alpha]", {}, () => {});
  const layer = createLayerChecks("fixture");
  layer.check("fails [beta]", {}, (t) => t.fail("the standard requires more"));
  layer.check("needs a feature [gamma]", { requires: [999 as core.Feature] }, () => {});
  return [...registry.checks, ...layer.checks];
}

describe("runConformance()", () => {
  it("should run every check in order, report each as it ends with its layer, and summarize", async () => {
    const events: string[] = [];
    const report = await runConformance(endpoint.config, {
      checks: checksOf(),
      modules: [fixtureModule],
      onStart: (check, index, total) => events.push(`start ${index + 1}/${total} ${check.title}`),
      onResult: (result) => events.push(`${result.status} ${result.layer} ${result.title}`),
    });
    expect(events).toEqual([
      "start 1/3 passes [alpha]", "pass common passes [alpha]",
      "start 2/3 fails [beta]", "fail fixture fails [beta]",
      "start 3/3 needs a feature [gamma]", "skip fixture needs a feature [gamma]",
      "warn common FEATURE_TOPOLOGY_HISTORY is tested by a check [capabilities]",
    ]);
    expect(report).toMatchObject({
      target: endpoint.target, layers: ["fixture"], uncheckedLayers: [], untestedFeatures: ["FEATURE_TOPOLOGY_HISTORY"],
      summary: { passed: 1, failed: 1, skipped: 1, warnings: 1 }, deselected: 0,
      endpoint: { vendor: "Strata fixtures", product: "fixture", version: "0.0.1", specVersion: "0.1.0" },
      capabilities: ["FEATURE_TOPOLOGY_HISTORY"],
    });
  });

  it("should check only the layers the endpoint declares, and report a declared layer no module checks", async () => {
    const other = await startFixtureEndpoint({ info: { ...HEALTHY.info, layers: [core.Layer.LAYER_COMPUTE] }, capabilities: NO_FEATURES });
    try {
      const report = await runConformance(other.config, { checks: checksOf(), modules: [fixtureModule] });
      expect(report.layers).toEqual([]);
      expect(report.uncheckedLayers).toEqual(["LAYER_COMPUTE"]);
      expect(report.results.map((r) => [r.status, r.layer, r.title, r.message])).toEqual([
        ["pass", "common", "passes [alpha]", undefined],
        ["skip", "common", "LAYER_COMPUTE is checked by a layer module [layers]",
          "the endpoint declares LAYER_COMPUTE, which this suite has no layer module for: none of its own checks ran"],
      ]);
    } finally {
      await other.close();
    }
  });

  it("should check a layer named in the config even when the endpoint does not declare it", async () => {
    const other = await startFixtureEndpoint({ info: { ...HEALTHY.info, layers: [core.Layer.LAYER_COMPUTE] }, capabilities: NO_FEATURES });
    try {
      const report = await runConformance({ ...other.config, layer: "fixture" }, { checks: checksOf(), modules: [fixtureModule] });
      expect(report).toMatchObject({ layers: ["fixture"], uncheckedLayers: [], summary: { passed: 1, failed: 1, skipped: 1 } });
    } finally {
      await other.close();
    }
  });

  it("should count the checks focus and skip leave out", async () => {
    const report = await runConformance({ ...endpoint.config, focus: ["alpha", "beta"], skip: ["beta"] }, { checks: checksOf(), modules: [fixtureModule] });
    expect(report.results.map((r) => r.title)).toEqual(["passes [alpha]"]);
    expect(report.deselected).toBe(2);
  });

  it("should fail every check with the reason when the endpoint cannot be reached", async () => {
    const report = await runConformance({ target: "127.0.0.1:1", layer: "fixture", credentials: FIXTURE_CREDENTIALS, timeoutMs: 1000 },
      { checks: checksOf(), modules: [fixtureModule] });
    expect(report.setupError).toMatch(/^could not read the endpoint's capabilities: IdentityService.GetCapabilities answered UNAVAILABLE/);
    expect(report.results.map((r) => [r.status, r.message])).toEqual(checksOf().map(() => ["fail", report.setupError]));
  });
});
