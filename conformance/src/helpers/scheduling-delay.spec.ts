import { describe, expect, it } from "vitest";
import { epochNanos, SchedulingDelayProbe } from "./scheduling-delay.js";

const block = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end) { /* busy */ } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SchedulingDelayProbe", () => {
  it("should measure the longest stretch the suite could not run while some work was under way", async () => {
    const probe = new SchedulingDelayProbe();
    await sleep(5);
    block(40);
    await sleep(5);
    block(10);
    expect(probe.stop()).toBeGreaterThanOrEqual(35);
  });

  it("should count a stretch right before it stops, and keep its reading once stopped", async () => {
    const probe = new SchedulingDelayProbe();
    block(30);
    const delay = probe.stop();
    expect(delay).toBeGreaterThanOrEqual(25);
    await sleep(5);
    expect(probe.stop()).toBe(delay);
  });
});

describe("epochNanos()", () => {
  it("should read the epoch in nanoseconds, close to Date.now()", () => {
    expect(Math.abs(Number(epochNanos() / 1_000_000n - BigInt(Date.now())))).toBeLessThan(50);
  });
});
