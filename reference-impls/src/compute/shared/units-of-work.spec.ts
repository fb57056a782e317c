import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashUnit, sortUnit, spinUnit } from "./units-of-work.mjs";

describe("the units of work", () => {
  it("should hash the seed repeated and cut short, or zeros", () => {
    const expected = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
    expect(hashUnit(10, Buffer.from("abc")).toString("hex")).toBe(expected(Buffer.from("abcabcabca")));
    expect(hashUnit(200_000, Buffer.from([1, 2, 3, 4, 5, 6, 7])).toString("hex"))
      .toBe(expected(Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i % 7) + 1))));
    expect(hashUnit(70_000, Buffer.alloc(0)).toString("hex")).toBe(expected(Buffer.alloc(70_000)));
    expect(hashUnit(0, Buffer.from("x")).toString("hex")).toBe(expected(Buffer.alloc(0)));
  });

  it("should sort the xorshift32 numbers of docs/compute.md and hash them big-endian", () => {
    // x1 … x3 from seed 1: x1 = 8193 ^ (8193 << 5) = 270369, where 8193 = 1 ^ (1 << 13) and 8193 >> 17 = 0.
    const x1 = 270369, x2 = 67634689, x3 = 2647435461;
    const sorted = Buffer.alloc(12);
    [x1, x2, x3].sort((a, b) => a - b).forEach((x, i) => sorted.writeUInt32BE(x, 4 * i));
    expect(sortUnit(3, 1).toString("hex")).toBe(createHash("sha256").update(sorted).digest("hex"));
    expect(sortUnit(5, 0).toString("hex")).toBe(sortUnit(5, 2654435769).toString("hex"));
  });

  it("should spin until the CPU clock it is given moved by the time asked", () => {
    let cpu = 0;
    spinUnit(3_000_000, () => (cpu += 1_000_000));
    expect(cpu).toBeGreaterThanOrEqual(4_000_000);
  });
});
