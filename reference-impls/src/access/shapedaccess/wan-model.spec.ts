import { describe, expect, it } from "vitest";
import { WanModel } from "./wan-model.js";

describe("WanModel", () => {
  it("should take exactly the latency when nothing is lost", () => {
    const wan = new WanModel({ latencyMs: 3, lossRate: 0 });
    expect(Array.from({ length: 5 }, () => wan.crossingMs())).toEqual([3, 3, 3, 3, 3]);
  });

  it("should lose about the configured share of crossings, each costing a retransmission timeout", () => {
    const wan = new WanModel({ latencyMs: 2, lossRate: 0.2, seed: 7 });
    const crossings = Array.from({ length: 20_000 }, () => wan.crossingMs());
    for (const ms of crossings) expect((ms - 2) % 4).toBe(0);
    const lost = crossings.reduce((sum, ms) => sum + (ms - 2) / 4, 0);
    // A crossing is resent until it gets through: losses per crossing average p / (1 - p).
    expect(lost / crossings.length).toBeGreaterThan(0.22);
    expect(lost / crossings.length).toBeLessThan(0.28);
  });

  it("should replay the same losses from the same seed", () => {
    const draws = (seed: number) => { const wan = new WanModel({ lossRate: 0.5, seed }); return Array.from({ length: 50 }, () => wan.crossingMs()); };
    expect(draws(3)).toEqual(draws(3));
    expect(draws(3)).not.toEqual(draws(4));
  });

  it("should refuse a loss rate of 1 or more, naming it", () => {
    expect(() => new WanModel({ lossRate: 1 })).toThrow(/loss rate/);
  });
});
