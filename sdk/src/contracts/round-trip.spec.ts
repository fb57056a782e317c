import { describe } from "vitest";
import * as contracts from "../contracts.js";
import { itRoundTripsEveryMessage } from "./fixtures/round-trip-cases.js";

const packages = {
  "strata.core.v1": contracts.core,
  "strata.telemetry.v1": contracts.telemetry,
  "strata.topology.v1": contracts.topology,
} as Record<string, Record<string, unknown>>;

describe("generated contracts", () => {
  for (const [pkg, generated] of Object.entries(packages)) itRoundTripsEveryMessage(pkg, generated);
});
