import { core } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CREDENTIALS, startFixtureEndpoint, type FixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { createRegistry } from "../registry/check-registry.js";
import { runConformance } from "./run-conformance.js";

let endpoint: FixtureEndpoint;
beforeAll(async () => { endpoint = await startFixtureEndpoint(); });
afterAll(() => endpoint.close());

function registryOf() {
  const registry = createRegistry();
  registry.check("passes [alpha]", { layer: "common" }, () => {});
  registry.check("fails [beta]", { layer: "storage" }, (t) => t.fail("the standard requires more"));
  registry.check("needs snapshots [gamma]", { layer: "storage", requires: [core.Feature.FEATURE_STORAGE_SNAPSHOTS] }, () => {});
  return registry;
}

describe("runConformance()", () => {
  it("should run every check in order, report each as it ends, and summarize", async () => {
    const events: string[] = [];
    const report = await runConformance(endpoint.config, {
      checks: registryOf().checks,
      onStart: (check, index, total) => events.push(`start ${index + 1}/${total} ${check.title}`),
      onResult: (result) => events.push(`${result.status} ${result.title}`),
    });
    expect(events).toEqual([
      "start 1/3 passes [alpha]", "pass passes [alpha]",
      "start 2/3 fails [beta]", "fail fails [beta]",
      "start 3/3 needs snapshots [gamma]", "skip needs snapshots [gamma]",
    ]);
    expect(report).toMatchObject({
      target: endpoint.target, layer: "storage", summary: { passed: 1, failed: 1, skipped: 1 }, deselected: 0,
      endpoint: { vendor: "Strata fixtures", product: "fixture", version: "0.0.1", specVersion: "0.1.0" },
      capabilities: ["FEATURE_STORAGE_VOLUME_EXPANSION"],
    });
  });

  it("should count the checks focus and skip leave out", async () => {
    const report = await runConformance({ ...endpoint.config, focus: ["alpha", "beta"], skip: ["beta"] }, { checks: registryOf().checks });
    expect(report.results.map((r) => r.title)).toEqual(["passes [alpha]"]);
    expect(report.deselected).toBe(2);
  });

  it("should fail every check with the reason when the endpoint cannot be reached", async () => {
    const report = await runConformance({ target: "127.0.0.1:1", layer: "storage", credentials: FIXTURE_CREDENTIALS, timeoutMs: 1000 },
      { checks: registryOf().checks });
    expect(report.setupError).toMatch(/^could not read the endpoint's capabilities: IdentityService.GetCapabilities answered UNAVAILABLE/);
    expect(report.results.map((r) => [r.status, r.message])).toEqual(registryOf().checks.map(() => ["fail", report.setupError]));
  });
});
