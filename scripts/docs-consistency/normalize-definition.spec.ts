import { describe, expect, it } from "vitest";
import { normalizeDefinition, requirementMarkers } from "./normalize-definition.js";

describe("normalizeDefinition()", () => {
  it("should reduce a docs cell and a proto comment saying the same to one text", () => {
    const docs = "The layer that served the `request`. Never `LAYER_UNSPECIFIED` ([layers](overview.md#layers)).";
    const proto = "The layer that served the request.\nNever LAYER_UNSPECIFIED (see docs/overview.md, \"Layers\").";
    expect(normalizeDefinition(docs)).toBe("The layer that served the request. Never LAYER_UNSPECIFIED");
    expect(normalizeDefinition(proto)).toBe(normalizeDefinition(docs));
  });

  it("should drop requirement ids and links to them, and keep a link's text", () => {
    expect(normalizeDefinition("**Rule.** [TEL-STREAM-1] Every message, as [CORE-SVC-1](overview.md#x) and [the log](#log) say."))
      .toBe("Rule. Every message, as and the log say");
  });
});

describe("requirementMarkers()", () => {
  it("should list the ids a text defines, not those it links to", () => {
    expect(requirementMarkers("[TEL-A-1] x [CORE-B-2](#y) [TEL-A-2] z")).toEqual(["TEL-A-1", "TEL-A-2"]);
  });
});
