import { describe, expect, it } from "vitest";
import { runAgainstFixture, resultOf } from "../fixtures/run-against-fixture.js";

describe("common/reflection", () => {
  it("should pass an endpoint whose reflection lists every service", async () => {
    expect(resultOf(await runAgainstFixture({}, ["reflection"]), "ServerReflection").status).toBe("pass");
  });

  it("should fail an endpoint whose reflection leaves services out, naming them", async () => {
    const reflected = ["strata.core.v1.IdentityService"];
    const result = resultOf(await runAgainstFixture({ reflected }, ["reflection"]), "ServerReflection");
    expect(result).toMatchObject({ status: "fail", message: "gRPC server reflection (grpc.reflection.v1) does not list strata.telemetry.v1.TelemetryService, "
      + "strata.topology.v1.TopologyService; the standard requires every Strata service the endpoint serves to be discoverable" });
  });
});
