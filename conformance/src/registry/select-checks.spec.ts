import { describe, expect, it } from "vitest";
import { createRegistry } from "./check-registry.js";
import { selectChecks } from "./select-checks.js";

function registryOf() {
  const registry = createRegistry();
  registry.check("GetInfo names the vendor [identity]", { layer: "common", suite: "common/identity" }, () => {});
  registry.check("CreateVolume is idempotent [storage] [idempotency]", { layer: "storage", suite: "storage/volumes" }, () => {});
  registry.check("ListVolumes pages [storage] [pagination]", { layer: "storage", suite: "storage/volumes" }, () => {});
  return registry;
}

const titles = (selection: ReturnType<typeof selectChecks>) => selection.selected.map((c) => c.title.split(" ")[0]);

describe("selectChecks()", () => {
  it("should take the common checks and the layer's", () => {
    expect(titles(selectChecks(registryOf().checks, { layer: "storage" }))).toEqual(["GetInfo", "CreateVolume", "ListVolumes"]);
  });

  it("should focus on a tag, a bracketed tag, a suite or a title substring", () => {
    const { checks } = registryOf();
    expect(titles(selectChecks(checks, { layer: "storage", focus: ["idempotency"] }))).toEqual(["CreateVolume"]);
    expect(titles(selectChecks(checks, { layer: "storage", focus: ["[Pagination]"] }))).toEqual(["ListVolumes"]);
    expect(titles(selectChecks(checks, { layer: "storage", focus: ["common/identity"] }))).toEqual(["GetInfo"]);
    expect(titles(selectChecks(checks, { layer: "storage", focus: ["volumes pages"] }))).toEqual(["ListVolumes"]);
  });

  it("should leave out skipped checks and count what it left out", () => {
    const selection = selectChecks(registryOf().checks, { layer: "storage", focus: ["storage"], skip: ["pagination"] });
    expect(titles(selection)).toEqual(["CreateVolume"]);
    expect(selection.deselected).toBe(2);
  });
});
