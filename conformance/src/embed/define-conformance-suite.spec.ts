import { core } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTHY, startFixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { fixtureModule } from "../fixtures/fixture-module.js";
import { createLayerChecks, createRegistry } from "../registry/check-registry.js";
import { defineConformanceSuite, type TestApi } from "./define-conformance-suite.js";

// The suite embedded for real in this vitest run, as a vendor embeds it.
const endpoint = await startFixtureEndpoint();
afterAll(() => endpoint.close());
// The fixture serves the common services by hand: the suites it is made for, through the fixture module.
const FIXTURE_SUITES = ["common/identity", "common/health", "common/reflection", "common/unauthenticated"];
defineConformanceSuite({ ...endpoint.config, focus: FIXTURE_SUITES }, { describe, it, beforeAll, afterAll }, { modules: [fixtureModule] });

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
    registry.check("Probe answers ready [x]", { suite: "common/identity" }, async (t) => {
      const probe = await t.operator.identity.probe({});
      t.ensure(probe.ready, `Probe answered ready = false ("${probe.reason}")`);
    });
    const layer = createLayerChecks("fixture");
    layer.check("needs a feature [x]", { suite: "fixture/things", requires: [999 as core.Feature] }, () => {});
    const { api, names, tests, hooks } = recordingApi();
    defineConformanceSuite({ ...broken.config, focus: ["x"] }, api, { checks: [...registry.checks, ...layer.checks], modules: [fixtureModule] });
    expect(names).toEqual(["Strata conformance (every declared layer)", "common/identity", "fixture/things"]);
    expect(tests.map((t) => t.name)).toEqual(["Probe answers ready [x]", "needs a feature [x]"]);

    await hooks[0]!();
    const skipped: (string | undefined)[] = [];
    await expect(tests[0]!.body({ skip: (note) => skipped.push(note) })).rejects.toThrow('Probe answered ready = false ("warming up")');
    await tests[1]!.body({ skip: (note) => skipped.push(note) });
    expect(skipped).toEqual(["endpoint does not declare feature 999"]);
    await hooks[1]!();
    await broken.close();
  });

  it("should skip the checks of a layer the endpoint turns out not to declare", async () => {
    const other = await startFixtureEndpoint({ info: { ...HEALTHY.info, layers: [core.Layer.LAYER_COMPUTE] } });
    const layer = createLayerChecks("fixture");
    layer.check("own check [x]", {}, () => {});
    const { api, tests, hooks } = recordingApi();
    defineConformanceSuite(other.config, api, { checks: layer.checks, modules: [fixtureModule] });
    await hooks[0]!();
    const skipped: (string | undefined)[] = [];
    await tests[0]!.body({ skip: (note) => skipped.push(note) });
    expect(skipped).toEqual(["endpoint does not declare UNRECOGNIZED"]);
    await hooks[1]!();
    await other.close();
  });
});
