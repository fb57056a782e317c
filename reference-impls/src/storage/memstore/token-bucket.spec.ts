import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket.js";

describe("TokenBucket", () => {
  it("should be full again only once its debt is paid and its burst refilled", () => {
    const bucket = new TokenBucket(10, 1, 0);
    expect(bucket.take(1, 0)).toBe(0);
    expect(bucket.take(1, 0)).toBe(100); // one token of debt: 100 ms at 10 per second
    expect(bucket.isFull(100)).toBe(false);
    expect(bucket.isFull(199)).toBe(false);
    expect(bucket.isFull(200)).toBe(true);
  });
});
