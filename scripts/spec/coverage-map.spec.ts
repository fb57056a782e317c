import { describe, expect, it } from "vitest";
import { coverageMap } from "./coverage-map.js";
import type { Requirement } from "./read-requirements.js";

const requirement = (id: string): Requirement => ({ id, page: "overview.md", line: 1, section: "Rules", text: `${id} text`, caller: id.includes("-CALLER-") });

describe("coverageMap()", () => {
  it("should map each requirement to the checks naming it and list what no check proves, apart from callers' rules", () => {
    const map = coverageMap([requirement("CORE-A-1"), requirement("CORE-A-2"), requirement("CORE-CALLER-1")], [
      { layer: "common", title: "one [x]", covers: ["CORE-A-1"] },
      { layer: "things", title: "two [x]", covers: ["CORE-A-1", "CORE-B-7"] },
      { layer: "things", title: "three [x]", covers: [] },
    ]);
    expect(map.rows.map((r) => [r.requirement.id, r.checks])).toEqual([
      ["CORE-A-1", ["common: one [x]", "things: two [x]"]],
      ["CORE-A-2", []],
      ["CORE-CALLER-1", []],
    ]);
    expect(map.uncovered.map((r) => r.id)).toEqual(["CORE-A-2"]);
    expect(map.callerRules.map((r) => r.id)).toEqual(["CORE-CALLER-1"]);
    expect(map.unknown).toEqual(["things: two [x] names CORE-B-7"]);
    expect(map.silent).toEqual(["things: three [x]"]);
  });
});
