import { describe, expect, it } from "vitest";
import { core } from "@strata/sdk/contracts";
import "../common/index.js";
import { fixtureModule } from "../fixtures/fixture-module.js";
import { createLayerChecks, createRegistry, defaultRegistry } from "./check-registry.js";
import { defineLayerModule } from "./layer-module.js";
import { planChecks } from "./plan-checks.js";

describe("createRegistry()", () => {
  it("should register a check of the endpoint with the tags of its title", () => {
    const registry = createRegistry();
    const registered = registry.check("GetInfo names the vendor [identity] [ capabilities ]", { requires: [core.Feature.FEATURE_TOPOLOGY_HISTORY] }, () => {});
    expect(registered).toMatchObject({ tags: ["identity", "capabilities"], layer: "common", scope: "endpoint", requires: [core.Feature.FEATURE_TOPOLOGY_HISTORY] });
    expect(registry.checks).toEqual([registered]);
  });

  it("should name the suite after the option, else the registering file", () => {
    const registry = createRegistry();
    expect(registry.check("a [x]", { suite: "custom/suite" }, () => {}).suite).toBe("custom/suite");
    expect(registry.checkEachLayer("b [x]", {}, () => {}).suite).toBe("common");
  });

  it("should keep the requirement ids a check covers, none when it names none", () => {
    const registry = createRegistry();
    expect(registry.check("covers [x]", { covers: ["TEL-STREAM-1", "CORE-ERR-12"] }, () => {}).covers).toEqual(["TEL-STREAM-1", "CORE-ERR-12"]);
    expect(registry.check("covers nothing [x]", {}, () => {}).covers).toEqual([]);
  });

  it("should refuse a malformed requirement id, or one named twice, naming the check", () => {
    const registry = createRegistry();
    expect(() => registry.check("bad id [x]", { covers: ["tel-stream-1"] }, () => {})).toThrow('check "bad id [x]": "tel-stream-1" is not a requirement id');
    expect(() => registry.check("twice [x]", { covers: ["TEL-STREAM-1", "TEL-STREAM-1"] }, () => {})).toThrow("covers TEL-STREAM-1 twice");
  });

  it("should refuse a title registered twice", () => {
    const registry = createRegistry();
    registry.check("same [x]", {}, () => {});
    expect(() => registry.checkEachLayer("same [x]", {}, () => {})).toThrow('"same [x]" is registered twice for layer common');
  });
});

describe("createLayerChecks()", () => {
  it("should register a layer's own checks for that layer", () => {
    const { check, checks } = createLayerChecks("fixture");
    const registered = check("ListThings pages [things]", {}, () => {});
    expect(registered).toMatchObject({ layer: "fixture", scope: "layer", tags: ["things"] });
    expect(checks).toEqual([registered]);
  });
});

describe("planChecks()", () => {
  it("should run endpoint checks once, then per layer the common ones (one per probe where asked) and the layer's own", () => {
    const registry = createRegistry();
    registry.check("endpoint [x]", {}, () => {});
    registry.checkEachLayer("each layer [x]", {}, () => {});
    registry.checkEachProbe((m) => m.lookupProbes, "{rpc} hides [x]", {}, () => {});
    const own = createLayerChecks("fixture").check("own [x]", {}, () => {});
    const other = createLayerChecks("other").check("not mine [x]", {}, () => {});
    const module = { ...fixtureModule, lookupProbes: [{ rpc: "A.Get", ownerRead: true, call: async () => {} }, {
      rpc: "A.Put", ownerRead: false, requires: [core.Feature.FEATURE_TOPOLOGY_HISTORY], call: async () => {} }] };
    const planned = planChecks([...registry.checks, own, other], [module]);
    expect(planned.map((c) => [c.title, c.layer, c.module?.name, c.requires])).toEqual([
      ["endpoint [x]", "common", undefined, []],
      ["each layer [x]", "fixture", "fixture", []],
      ["A.Get hides [x]", "fixture", "fixture", []],
      ["A.Put hides [x]", "fixture", "fixture", [core.Feature.FEATURE_TOPOLOGY_HISTORY]],
      ["own [x]", "fixture", "fixture", []],
    ]);
  });
});

describe("planChecks() with requirement ids", () => {
  it("should add to a common check run for a layer the ids its module lists for it, per probe too, and to no other layer", () => {
    const registry = createRegistry();
    registry.checkEachLayer("each layer [x]", { covers: ["TEL-REC-1"] }, () => {});
    registry.checkEachProbe((m) => m.lookupProbes, "{rpc} hides [x]", { covers: ["CORE-TEN-1"] }, () => {});
    const own = createLayerChecks("fixture").check("own [x]", { covers: ["FIX-OWN-1"] }, () => {});
    const module = {
      ...fixtureModule,
      lookupProbes: [{ rpc: "A.Get", ownerRead: true, call: async () => {} }],
      commonCovers: { "each layer [x]": ["FIX-REC-1"], "{rpc} hides [x]": ["FIX-TEN-2"], "own [x]": ["FIX-NOT-1"] },
    };
    const other = { ...fixtureModule, name: "other" };
    const planned = planChecks([...registry.checks, own], [module, other]);
    expect(planned.map((c) => [c.title, c.layer, c.covers])).toEqual([
      ["each layer [x]", "fixture", ["TEL-REC-1", "FIX-REC-1"]],
      ["A.Get hides [x]", "fixture", ["CORE-TEN-1", "FIX-TEN-2"]],
      ["own [x]", "fixture", ["FIX-OWN-1"]],
      ["each layer [x]", "other", ["TEL-REC-1"]],
    ]);
  });
});

describe("defineLayerModule()", () => {
  it("should refuse a malformed requirement id in commonCovers, naming the check", () => {
    expect(() => defineLayerModule({ ...fixtureModule, commonCovers: { "each layer [x]": ["REC-1"] } }))
      .toThrow(`fixture's commonCovers of "each layer [x]": "REC-1" is not a requirement id`);
  });
});

describe("check()", () => {
  it("should register the common suites' checks in the default registry, each named after its file", () => {
    const suites = new Set(defaultRegistry.checks.map((c) => c.suite));
    expect([...suites]).toEqual(expect.arrayContaining(["common/identity", "common/health", "common/reflection", "common/unauthenticated"]));
  });
});
