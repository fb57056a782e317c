import { describe, expect, it } from "vitest";
import { sameLabels } from "./same-labels.js";

describe("sameLabels()", () => {
  it("should find labels the same in any order", () => {
    expect(sameLabels({ a: "1", b: "2" }, { b: "2", a: "1" })).toBe(true);
    expect(sameLabels({}, {})).toBe(true);
  });

  it("should tell a changed value, a missing key and one more key apart", () => {
    expect(sameLabels({ a: "1" }, { a: "2" })).toBe(false);
    expect(sameLabels({ a: "1", b: "2" }, { a: "1" })).toBe(false);
    expect(sameLabels({ a: "1" }, { a: "1", b: "2" })).toBe(false);
    expect(sameLabels({ a: "" }, { b: "" })).toBe(false);
  });
});
