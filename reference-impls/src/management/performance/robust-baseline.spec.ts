import { describe, expect, it } from "vitest";
import { RobustBaseline } from "./robust-baseline.js";

describe("RobustBaseline", () => {
  it("should learn a median and a scaled MAD that a few outliers do not move", () => {
    const baseline = new RobustBaseline({ warmup: 5 });
    for (const v of [10e6, 11e6, 9e6, 10e6, 50e6, 10e6, 12e6, 8e6, 10e6]) baseline.observe(v);
    expect(baseline.center()).toBe(10e6);
    expect(baseline.spread()).toBeCloseTo(1.4826e6, 0);
  });

  it("should raise after three intervals out, not learn them, and clear after three back in", () => {
    const baseline = new RobustBaseline({ warmup: 5 });
    for (let i = 0; i < 10; i++) baseline.observe(1e6 + (i % 3) * 1e5);
    const judged = [50e6, 50e6, 50e6, 50e6, 1e6, 1e6, 1e6].map((v) => baseline.observe(v));
    expect(judged.map((j) => j.out)).toEqual([true, true, true, true, false, false, false]);
    expect(judged.map((j) => j.raised)).toEqual([false, false, true, false, false, false, false]);
    expect(judged.map((j) => j.cleared)).toEqual([false, false, false, false, false, false, true]);
    expect(baseline.center()).toBeLessThan(2e6);
  });

  it("should not judge before its warm-up, and never raise on a single spike", () => {
    const baseline = new RobustBaseline();
    expect(baseline.observe(1e9).out).toBe(false);
    for (let i = 0; i < 20; i++) baseline.observe(1e6);
    expect([baseline.observe(1e9), baseline.observe(1e6)].some((j) => j.raised)).toBe(false);
  });
});
