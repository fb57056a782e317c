import { describe, expect, it } from "vitest";
import { numberedRules } from "./numbered-rules.js";

describe("numberedRules()", () => {
  it("should read each rule with its continuation lines and sub-items, leaving out tables, up to the end of the list", () => {
    const lines = [
      "Intro:", "", "1. **One.** First", "   rule.", "2. **Two.** With:", "   - a sub-item", "     continued;", "",
      "   | reason | when |", "   |---|---|", "   | A | a |", "", "3. Three.", "", "After the list.",
    ];
    expect(numberedRules(lines)).toEqual([
      { number: 1, text: "**One.** First rule." },
      { number: 2, text: "**Two.** With: a sub-item continued;" },
      { number: 3, text: "Three." },
    ]);
  });
});
