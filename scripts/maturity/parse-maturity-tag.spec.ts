import { describe, expect, it } from "vitest";
import { parseMaturityTag } from "./parse-maturity-tag.js";

describe("parseMaturityTag()", () => {
  it("should read the tag line of a comment", () => {
    expect(parseMaturityTag(" Limits are sizes.\n\n Maturity: stable.\n")).toEqual({ maturity: "stable" });
    expect(parseMaturityTag(" Maturity: development.\n")).toEqual({ maturity: "development" });
  });

  it("should find nothing in a comment without a tag, or no comment", () => {
    expect(parseMaturityTag(" The maturity of the package is beta.\n")).toEqual({});
    expect(parseMaturityTag(undefined)).toEqual({});
  });

  it("should refuse a tag that is almost right", () => {
    for (const line of ["Maturity: Stable.", "Maturity: stable", "maturity: beta.", "Maturity: frozen.", "Maturity:beta."]) {
      expect(parseMaturityTag(` ${line}\n`).error, line).toMatch(/^malformed maturity tag/);
    }
  });

  it("should refuse two tags", () => {
    expect(parseMaturityTag(" Maturity: beta.\n Maturity: stable.\n").error).toMatch(/more than one maturity tag/);
  });
});
