import { describe, expect, it } from "vitest";
import { coveredTime } from "./covered-time.js";

describe("coveredTime()", () => {
  it("should add disjoint intervals and count overlapping and nested ones once", () => {
    expect(coveredTime([])).toBe(0);
    expect(coveredTime([[30, 40], [0, 10]])).toBe(20);
    expect(coveredTime([[0, 10], [5, 20], [30, 40], [32, 35]])).toBe(30);
    expect(coveredTime([[0, 10], [10, 20]])).toBe(20);
  });
});
