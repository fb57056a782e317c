import { describe, expect, it } from "vitest";
import { parseMix } from "./parse-mix.js";

describe("parseMix()", () => {
  it("should read each transaction's name, weight and payload size", () => {
    expect(parseMix("login:1:256, search:2.5:1024")).toEqual([
      { name: "login", weight: 1, payloadBytes: 256 }, { name: "search", weight: 2.5, payloadBytes: 1024 },
    ]);
  });

  it("should name the part that is not name:weight:bytes", () => {
    expect(() => parseMix("login:1:256,search")).toThrow('"search" is not name:weight:bytes');
    expect(() => parseMix("login:0:1")).toThrow('"login:0:1"');
  });
});
