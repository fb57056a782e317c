import { describe } from "vitest";
import { itRoundTripsEveryMessage } from "../../contracts/fixtures/round-trip-cases.js";
import * as compute from "./contracts.js";

describe("generated compute contracts", () => {
  itRoundTripsEveryMessage("strata.compute.v1", compute as Record<string, unknown>);
});
