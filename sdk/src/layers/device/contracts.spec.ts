import { describe } from "vitest";
import { itRoundTripsEveryMessage } from "../../contracts/fixtures/round-trip-cases.js";
import * as device from "./contracts.js";

describe("generated device contracts", () => {
  itRoundTripsEveryMessage("strata.device.v1", device as Record<string, unknown>);
});
