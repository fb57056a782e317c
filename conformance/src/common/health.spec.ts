import { describe, expect, it } from "vitest";
import { runAgainstFixture, resultOf } from "../fixtures/run-against-fixture.js";

describe("common/health", () => {
  it("should pass an endpoint whose health service answers SERVING", async () => {
    expect(resultOf(await runAgainstFixture({}, ["health"]), "Health.Check").status).toBe("pass");
  });

  it("should fail an endpoint whose health service answers NOT_SERVING, saying what Probe answers", async () => {
    const result = resultOf(await runAgainstFixture({ health: "NOT_SERVING" }, ["health"]), "Health.Check");
    expect(result).toMatchObject({ status: "fail", message: 'grpc.health.v1.Health/Check for service "" answered NOT_SERVING while Probe answers ready = true; '
      + "the standard requires the standard health service, SERVING exactly when Probe answers ready" });
  });
});
