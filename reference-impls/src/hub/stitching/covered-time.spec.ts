import { describe, expect, it } from "vitest";
import { coveredTime } from "./covered-time.js";

/** The covered time of [start, end] pairs, through the arrays coveredTime() takes. */
function covered(intervals: Array<[number, number]>): number {
  return coveredTime(Float64Array.from(intervals, ([s]) => s), Float64Array.from(intervals, ([, e]) => e), intervals.length);
}

describe("coveredTime()", () => {
  it("should add disjoint intervals and count overlapping and nested ones once", () => {
    expect(covered([])).toBe(0);
    expect(covered([[30, 40], [0, 10]])).toBe(20);
    expect(covered([[0, 10], [5, 20], [30, 40], [32, 35]])).toBe(30);
    expect(covered([[0, 10], [10, 20]])).toBe(20);
  });

  it("should give the same union for many intervals in any order as for few", () => {
    // 40 intervals of 5 ns every 10 ns, shuffled, plus one covering the last 100 ns: past the insertion sort.
    const intervals: Array<[number, number]> = Array.from({ length: 40 }, (_, k) => [((k * 17) % 40) * 10, ((k * 17) % 40) * 10 + 5]);
    intervals.push([300, 400]);
    expect(covered(intervals)).toBe(30 * 5 + 100);
    expect(covered(intervals.slice(0, 10))).toBe(10 * 5);
  });
});
