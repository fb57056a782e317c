import { describe, expect, it } from "vitest";
import { TokenBucketShaper } from "./token-bucket-shaper.js";

describe("TokenBucketShaper", () => {
  it("should let a full bucket's burst leave at once and space the rest one interval apart", () => {
    const shaper = new TokenBucketShaper();
    const departures = Array.from({ length: 6 }, () => shaper.admit("t", { maxRequestsPerSecond: 10, burstRequests: 3 }, 1000));
    expect(departures).toEqual([1000, 1000, 1000, 1100, 1200, 1300]);
  });

  it("should refill the bucket after a quiet spell, never beyond its depth", () => {
    const shaper = new TokenBucketShaper();
    const policy = { maxRequestsPerSecond: 100, burstRequests: 2 };
    for (let i = 0; i < 4; i++) shaper.admit("t", policy, 0);
    expect([shaper.admit("t", policy, 10_000), shaper.admit("t", policy, 10_000), shaper.admit("t", policy, 10_000)]).toEqual([10_000, 10_000, 10_010]);
  });

  it("should keep tenants' buckets apart", () => {
    const shaper = new TokenBucketShaper();
    const policy = { maxRequestsPerSecond: 1, burstRequests: 1 };
    shaper.admit("a", policy, 0);
    expect(shaper.admit("a", policy, 0)).toBe(1000);
    expect(shaper.admit("b", policy, 0)).toBe(0);
  });

  it("should start a full bucket when the tenant's policy changes, owing nothing to the old one", () => {
    const shaper = new TokenBucketShaper();
    for (let i = 0; i < 3; i++) shaper.admit("t", { maxRequestsPerSecond: 1, burstRequests: 1 }, 0);
    const faster = { maxRequestsPerSecond: 100, burstRequests: 2 };
    expect([shaper.admit("t", faster, 5), shaper.admit("t", faster, 5), shaper.admit("t", faster, 5)]).toEqual([5, 5, 15]);
  });

  it("should forget only buckets that are full again", () => {
    const shaper = new TokenBucketShaper();
    const policy = { maxRequestsPerSecond: 1, burstRequests: 1 };
    shaper.admit("a", policy, 0);
    shaper.admit("b", policy, 5000);
    shaper.prune(2000);
    expect(shaper.admit("a", policy, 2000)).toBe(2000);
    expect(shaper.admit("b", policy, 2000)).toBe(6000);
  });
});
