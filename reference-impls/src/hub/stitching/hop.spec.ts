import { describe, expect, it } from "vitest";
import { hex, sameBytes } from "./hop.js";

describe("hex()", () => {
  it("should spell span ids, trace ids and other lengths as lower-case hex, as Buffer does", () => {
    for (const length of [0, 3, 8, 16]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 250) % 256);
      expect(hex(bytes)).toBe(Buffer.from(bytes).toString("hex"));
    }
    expect(hex(Buffer.from("00ff10a0090b0c7f", "hex"))).toBe("00ff10a0090b0c7f");
  });
});

describe("sameBytes()", () => {
  it("should be true only for ids of the same length and bytes", () => {
    expect(sameBytes(Buffer.from("0102", "hex"), Uint8Array.of(1, 2))).toBe(true);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false);
  });
});
