import { describe, expect, it } from "vitest";
import { projectExhaustion } from "./project-exhaustion.js";
import { theilSen } from "./theil-sen.js";

describe("theilSen()", () => {
  it("should fit a line exactly, and keep it when a quarter of the points are outliers", () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ t: i, v: 10 + 2 * i }));
    expect(theilSen(points)).toEqual({ slope: 2, intercept: 10 });
    const noisy = points.map((p, i) => (i % 4 === 1 ? { ...p, v: 95 } : p));
    expect(theilSen(noisy)).toEqual({ slope: 2, intercept: 10 });
  });

  it("should fit nothing without two distinct times", () => {
    expect(theilSen([{ t: 1, v: 5 }, { t: 1, v: 6 }])).toBeUndefined();
  });
});

describe("projectExhaustion()", () => {
  it("should project when the line reaches 100 %, from now", () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ t: i, v: 10 + 5 * i }));
    expect(projectExhaustion(points, 10)).toEqual({ levelPercent: 60, trendPercentPerSecond: 5, secondsToExhaustion: 8 });
  });

  it("should project nothing for a flat or falling series, and exhaustion now at 100 %", () => {
    const flat = Array.from({ length: 10 }, (_, i) => ({ t: i, v: 40 - i }));
    expect(projectExhaustion(flat, 9).secondsToExhaustion).toBeUndefined();
    expect(projectExhaustion([{ t: 0, v: 100 }], 0).secondsToExhaustion).toBe(0);
  });
});
