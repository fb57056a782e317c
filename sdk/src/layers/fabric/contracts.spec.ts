import { describe } from "vitest";
import { itRoundTripsEveryMessage } from "../../contracts/fixtures/round-trip-cases.js";
import * as fabric from "./contracts.js";

describe("generated fabric contracts", () => {
  itRoundTripsEveryMessage("strata.fabric.v1", fabric as Record<string, unknown>);
});
