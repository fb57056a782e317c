import { describe, expect, it } from "vitest";
import { KnownBlocks } from "./known-blocks.js";

describe("KnownBlocks", () => {
  it("should count every block a write touches as possibly new until marked", () => {
    const known = new KnownBlocks(4096);
    expect(known.unknownBytes(4095, 2)).toBe(8192);
    known.mark(4095, 2);
    expect(known.unknownBytes(0, 8192)).toBe(0);
    expect(known.unknownBytes(0, 8193)).toBe(4096);
    expect(known.unknownBytes(100, 0)).toBe(0);
  });

  it("should track blocks far apart without allocating the space between", () => {
    const known = new KnownBlocks(4096);
    known.mark(2 ** 40, 1);
    expect(known.unknownBytes(2 ** 40, 4096)).toBe(0);
    expect(known.unknownBytes(0, 4096)).toBe(4096);
  });
});
