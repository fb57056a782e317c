import { describe } from "vitest";
import { itRoundTripsEveryMessage } from "../../contracts/fixtures/round-trip-cases.js";
import * as storage from "./contracts.js";

describe("generated storage contracts", () => {
  itRoundTripsEveryMessage("strata.storage.v1", storage as Record<string, unknown>);
});
