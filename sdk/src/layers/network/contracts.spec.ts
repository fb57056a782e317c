import { describe } from "vitest";
import { itRoundTripsEveryMessage } from "../../contracts/fixtures/round-trip-cases.js";
import * as network from "./contracts.js";

describe("generated network contracts", () => {
  itRoundTripsEveryMessage("strata.network.v1", network as Record<string, unknown>);
});
