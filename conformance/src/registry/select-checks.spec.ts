import { describe, expect, it } from "vitest";
import { fixtureModule } from "../fixtures/fixture-module.js";
import { createLayerChecks, createRegistry } from "./check-registry.js";
import { planChecks } from "./plan-checks.js";
import { selectChecks } from "./select-checks.js";

function planned() {
  const registry = createRegistry();
  registry.check("GetInfo names the vendor [identity]", { suite: "common/identity" }, () => {});
  const { check, checks } = createLayerChecks("fixture");
  check("CreateThing is idempotent [things] [idempotency]", { suite: "fixture/things", covers: ["CORE-IDEM-1"] }, () => {});
  check("ListThings pages [things] [pagination]", { suite: "fixture/things" }, () => {});
  return planChecks([...registry.checks, ...checks], [fixtureModule]);
}

const titles = (selection: ReturnType<typeof selectChecks>) => selection.selected.map((c) => c.title.split(" ")[0]);

describe("selectChecks()", () => {
  it("should take every planned check without filters", () => {
    expect(titles(selectChecks(planned(), {}))).toEqual(["GetInfo", "CreateThing", "ListThings"]);
  });

  it("should focus on a tag, a bracketed tag, a layer, a suite or a title substring", () => {
    const checks = planned();
    expect(titles(selectChecks(checks, { focus: ["idempotency"] }))).toEqual(["CreateThing"]);
    expect(titles(selectChecks(checks, { focus: ["[Pagination]"] }))).toEqual(["ListThings"]);
    expect(titles(selectChecks(checks, { focus: ["fixture"] }))).toEqual(["CreateThing", "ListThings"]);
    expect(titles(selectChecks(checks, { focus: ["common/identity"] }))).toEqual(["GetInfo"]);
    expect(titles(selectChecks(checks, { focus: ["things pages"] }))).toEqual(["ListThings"]);
  });

  it("should focus on a requirement id a check covers", () => {
    expect(titles(selectChecks(planned(), { focus: ["core-idem-1"] }))).toEqual(["CreateThing"]);
    expect(titles(selectChecks(planned(), { skip: ["CORE-IDEM-1"] }))).toEqual(["GetInfo", "ListThings"]);
  });

  it("should leave out skipped checks and count what it left out", () => {
    const selection = selectChecks(planned(), { focus: ["things"], skip: ["pagination"] });
    expect(titles(selection)).toEqual(["CreateThing"]);
    expect(selection.deselected).toBe(2);
  });
});
