// The spec's requirement ids (docs/overview.md, "Requirement ids") and the
// checks that name them: ids are defined once, every MUST has one, and no
// check names an id the pages do not define.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYER_MODULES, allChecks, defaultRegistry, hubModuleOutline, planChecks, planHubChecks } from "@strata/conformance";
import { coverageMap } from "./spec/coverage-map.js";
import { readRequirements } from "./spec/read-requirements.js";

const { requirements, problems } = readRequirements(join(import.meta.dirname, "..", "docs"));
const map = coverageMap(requirements, [...planChecks(allChecks(LAYER_MODULES), LAYER_MODULES), ...planHubChecks(hubModuleOutline(LAYER_MODULES[0]!))]);

describe("the requirement ids of the spec", () => {
  it("should find the requirements of every normative page", () => {
    const pages = new Set(requirements.map((r) => r.page));
    expect([...pages]).toEqual(["overview.md", "telemetry.md", "topology.md", ...LAYER_MODULES.map((m) => `${m.name}.md`), "hub.md", "management.md", "assurance.md"]);
    expect(requirements.length).toBeGreaterThan(100);
  });

  it("should define every id once, with its page's prefix, and give every MUST, MUST NOT and REQUIRED statement an id", () => {
    expect(problems, "fix the pages (docs/overview.md, \"Requirement ids\"); `npm run spec:coverage -- --next` prints the next free id of each area").toEqual([]);
  });

  it("should let checks name only ids the pages define", () => {
    expect(map.unknown).toEqual([]);
  });

  it("should key each layer's commonCovers by the title of a common check run per layer", () => {
    const common = new Set(defaultRegistry.checks.filter((c) => c.scope === "layer").map((c) => c.title));
    const stale = LAYER_MODULES.flatMap((m) => Object.keys(m.commonCovers ?? {}).filter((title) => !common.has(title)).map((title) => `${m.name}: "${title}"`));
    expect(stale).toEqual([]);
  });
});
