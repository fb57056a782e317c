import { describe, expect, it } from "vitest";
import { parseJourney } from "./parse-journey.js";

describe("parseJourney()", () => {
  it("should read the journey's name and its steps in order", () => {
    expect(parseJourney("shop=login:256, checkout:4096")).toEqual({
      name: "shop", steps: [{ transactionName: "login", payloadBytes: 256 }, { transactionName: "checkout", payloadBytes: 4096 }],
    });
  });

  it("should name what is wrong", () => {
    expect(() => parseJourney("shop")).toThrow('"shop" is not name=transaction:bytes');
    expect(() => parseJourney("shop=login")).toThrow('step "login" of journey shop is not transaction:bytes');
  });
});
