import { describe } from "vitest";
import { itRoundTripsEveryMessage } from "../../contracts/fixtures/round-trip-cases.js";
import * as access from "./contracts.js";

describe("generated access contracts", () => {
  itRoundTripsEveryMessage("strata.access.v1", access as Record<string, unknown>);
});
