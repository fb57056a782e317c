import { core } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { createRegistry } from "../registry/check-registry.js";
import { defineConformanceSuite, type TestApi } from "./define-conformance-suite.js";

// The suite embedded for real in this vitest run, as a vendor embeds it.
const endpoint = await startFixtureEndpoint();
afterAll(() => endpoint.close());
// The fixture serves only the common services: the storage suites are not its business.
defineConformanceSuite({ ...endpoint.config, skip: ["storage"] }, { describe, it, beforeAll, afterAll });

/** A recording stand-in for vitest: describe runs at once, tests and hooks are kept. */
function recordingApi() {
  const names: string[] = [];
  const tests: { name: string; body: Parameters<TestApi["it"]>[1] }[] = [];
  const hooks: (() => unknown)[] = [];
  const api: TestApi = {
    describe: (name, body) => { names.push(name); body(); },
    it: (name, body) => { tests.push({ name, body }); },
    beforeAll: (body) => { hooks.push(body); },
    afterAll: (body) => { hooks.push(body); },
  };
  return { api, names, tests, hooks };
}

describe("defineConformanceSuite()", () => {
  it("should register a test per check, grouped by suite, that passes, skips or throws as the check ends", async () => {
    const broken = await startFixtureEndpoint({ probe: { ready: false, reason: "warming up" } });
    const registry = createRegistry();
    registry.check("Probe answers ready [x]", { layer: "common", suite: "common/identity" }, async (t) => {
      const probe = await t.operator.identity.probe({});
      t.ensure(probe.ready, `Probe answered ready = false ("${probe.reason}")`);
    });
    registry.check("needs snapshots [x]", { layer: "storage", suite: "storage/snapshots", requires: [core.Feature.FEATURE_STORAGE_SNAPSHOTS] }, () => {});
    const { api, names, tests, hooks } = recordingApi();
    defineConformanceSuite({ ...broken.config, focus: ["x"] }, api, { checks: registry.checks });
    expect(names).toEqual(["Strata conformance (storage)", "common/identity", "storage/snapshots"]);
    expect(tests.map((t) => t.name)).toEqual(["Probe answers ready [x]", "needs snapshots [x]"]);

    await hooks[0]!();
    const skipped: (string | undefined)[] = [];
    await expect(tests[0]!.body({ skip: (note) => skipped.push(note) })).rejects.toThrow('Probe answered ready = false ("warming up")');
    await tests[1]!.body({ skip: (note) => skipped.push(note) });
    expect(skipped).toEqual(["endpoint does not declare FEATURE_STORAGE_SNAPSHOTS"]);
    await hooks[1]!();
    await broken.close();
  });
});
