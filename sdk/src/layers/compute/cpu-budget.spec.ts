import { describe, expect, it } from "vitest";
import { createCpuBudget } from "./cpu-budget.js";

describe("createCpuBudget()", () => {
  it("should let a unit start while not in debt, and pay a debt off at the limit's rate", () => {
    let clock = 0;
    const budget = createCpuBudget(250, () => clock); // 250 µs of CPU per ms
    expect(budget.waitMs()).toBe(0);
    budget.charge(5_000_000); // 5 ms of CPU
    expect(budget.waitMs()).toBeCloseTo(20);
    clock += 10;
    expect(budget.waitMs()).toBeCloseTo(10);
    clock += 10;
    expect(budget.waitMs()).toBe(0);
  });

  it("should hold at most a 50 ms burst of unused limit", () => {
    let clock = 0;
    const budget = createCpuBudget(1000, () => clock);
    clock += 10_000;
    budget.charge(60_000_000); // 60 ms of CPU against a 50 ms burst
    expect(budget.waitMs()).toBeCloseTo(10);
  });

  it("should never wait when unlimited, and follow a changed limit", () => {
    let clock = 0;
    const budget = createCpuBudget(0, () => clock);
    budget.charge(1e9);
    expect(budget.waitMs()).toBe(0);
    budget.setLimit(500);
    budget.charge(1_000_000);
    expect(budget.waitMs()).toBeCloseTo(2);
    expect(budget.limitMillicores).toBe(500);
  });
});
