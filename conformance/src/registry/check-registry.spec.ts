import { describe, expect, it } from "vitest";
import { core } from "@strata/sdk/contracts";
import "../common/index.js";
import "../layers/index.js";
import { createRegistry, defaultRegistry } from "./check-registry.js";

describe("createRegistry()", () => {
  it("should register a check with the tags of its title", () => {
    const registry = createRegistry();
    const registered = registry.check("CreateVolume is idempotent on name [storage] [ idempotency ]",
      { layer: "storage", requires: [core.Feature.FEATURE_STORAGE_SNAPSHOTS] }, () => {});
    expect(registered).toMatchObject({ tags: ["storage", "idempotency"], layer: "storage", requires: [core.Feature.FEATURE_STORAGE_SNAPSHOTS] });
    expect(registry.checks).toEqual([registered]);
  });

  it("should name the suite after the option, else the layer outside suites/", () => {
    const registry = createRegistry();
    expect(registry.check("a [x]", { layer: "common", suite: "custom/suite" }, () => {}).suite).toBe("custom/suite");
    expect(registry.check("b [x]", { layer: "storage" }, () => {}).suite).toBe("storage");
  });

  it("should refuse a title registered twice for a layer", () => {
    const registry = createRegistry();
    registry.check("same [x]", { layer: "storage" }, () => {});
    expect(() => registry.check("same [x]", { layer: "storage" }, () => {})).toThrow('"same [x]" is registered twice for layer storage');
  });
});

describe("check()", () => {
  it("should register the suites' checks in the default registry, each named after its file", () => {
    const suites = new Set(defaultRegistry.checks.map((c) => c.suite));
    expect([...suites]).toEqual(expect.arrayContaining(["common/identity", "common/health", "common/reflection", "common/unauthenticated"]));
  });
});
