import { randomBytes } from "node:crypto";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import type { AuthOptions } from "@strata/sdk/server";
import { mintTestToken } from "@strata/sdk/testing";
import { describe, expect, it } from "vitest";
import { jwtUnverified } from "../fixtures/faulty/jwt-unverified.js";
import { resultOf, runAgainstFixture } from "../fixtures/run-against-fixture.js";
import { startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { runConformance } from "../runner/run-conformance.js";

const FORGERY = "A bearer token that does not verify answers UNAUTHENTICATED";

describe("common/unauthenticated", () => {
  it("should pass an endpoint that refuses calls without credentials", async () => {
    const report = await runAgainstFixture({}, ["unauthenticated"]);
    expect(report.results.filter((r) => !r.title.startsWith(FORGERY)).map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
    expect([resultOf(report, FORGERY).status, resultOf(report, FORGERY).message]).toEqual(["skip", expect.stringMatching(/^the run calls without bearer tokens/)]);
  });

  it("should fail an endpoint that answers without credentials, naming each RPC", async () => {
    const report = await runAgainstFixture({ anonymousAccess: true }, ["unauthenticated"]);
    expect(report.results.filter((r) => !r.title.startsWith(FORGERY)).map((r) => [r.status, r.layer, r.message])).toEqual([
      ["fail", "common", "TopologyService.GetTopology without credentials: expected UNAUTHENTICATED, got OK"],
      ["fail", "common", "TelemetryService.Subscribe (MODE_ONCE) without credentials: expected UNAUTHENTICATED, got OK"],
      // The fixture layer's own "layer RPC" is GetTopology too.
      ["fail", "fixture", "TopologyService.GetTopology without credentials: expected UNAUTHENTICATED, got OK"],
    ]);
  });

  describe("the bearer-token forgery check", () => {
    const secret = randomBytes(32).toString("hex");
    /** Runs the check against the first reference vendor authenticating as `options` say, the suite holding tokens signed with `secret`. */
    async function forgeryCheck(options: AuthOptions) {
      const [tenantA, tenantB, operator] = await Promise.all([
        mintTestToken(secret, "tenant-a"), mintTestToken(secret, "tenant-b"), mintTestToken(secret, "ops", ["operator"]),
      ]);
      const credentials = { tenantA: { token: tenantA }, tenantB: { token: tenantB }, operator: { token: operator } };
      const endpoint = await startReferenceVendor(REFERENCE_VENDORS[0]!, { auth: { options, credentials } });
      const report = await runConformance({ ...endpoint.config, focus: [FORGERY] }).finally(() => endpoint.stop());
      return resultOf(report, FORGERY);
    }

    it("should pass an endpoint that verifies its tokens' signatures", async () => {
      const result = await forgeryCheck({ jwt: { secret } });
      expect([result.status, result.message]).toEqual(["pass", undefined]);
    }, 30_000);

    it("should fail the jwt-unverified vendor, which reads the claims and never checks the signature", async () => {
      const result = await forgeryCheck({ authenticators: [jwtUnverified] });
      expect([result.status, result.message])
        .toEqual(["fail", "TopologyService.GetTopology with tenant A's token, its tenant_id changed after signing: expected UNAUTHENTICATED, got OK"]);
    }, 30_000);
  });
});
