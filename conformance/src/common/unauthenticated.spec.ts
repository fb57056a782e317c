import { describe, expect, it } from "vitest";
import { runAgainstFixture } from "../fixtures/run-against-fixture.js";

describe("common/unauthenticated", () => {
  it("should pass an endpoint that refuses calls without credentials", async () => {
    const report = await runAgainstFixture({}, ["unauthenticated"]);
    expect(report.results.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("should fail an endpoint that answers without credentials, naming each RPC", async () => {
    const report = await runAgainstFixture({ anonymousAccess: true }, ["unauthenticated"]);
    expect(report.results.map((r) => [r.status, r.layer, r.message])).toEqual([
      ["fail", "common", "TopologyService.GetTopology without credentials: expected UNAUTHENTICATED, got OK"],
      ["fail", "common", "TelemetryService.Subscribe (MODE_ONCE) without credentials: expected UNAUTHENTICATED, got OK"],
      // The fixture layer's own "layer RPC" is GetTopology too.
      ["fail", "fixture", "TopologyService.GetTopology without credentials: expected UNAUTHENTICATED, got OK"],
    ]);
  });
});
