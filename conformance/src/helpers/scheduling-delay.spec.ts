import { describe, expect, it } from "vitest";
import { epochNanos, withSchedulingDelay } from "./scheduling-delay.js";

const block = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end) { /* busy */ } };

describe("withSchedulingDelay()", () => {
  it("should measure how long the suite could not run while the work was under way", async () => {
    const { value, delayMs } = await withSchedulingDelay(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      block(40);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return "done";
    });
    expect(value).toBe("done");
    expect(delayMs).toBeGreaterThanOrEqual(35);
  });

  it("should count a block right before the work ends", async () => {
    const { delayMs } = await withSchedulingDelay(async () => { block(30); });
    expect(delayMs).toBeGreaterThanOrEqual(25);
  });
});

describe("epochNanos()", () => {
  it("should read the epoch in nanoseconds, close to Date.now()", () => {
    expect(Math.abs(Number(epochNanos() / 1_000_000n - BigInt(Date.now())))).toBeLessThan(50);
  });
});
