import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServerCredentials } from "@grpc/grpc-js";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import type { AuthOptions } from "@strata/sdk/server";
import { createTestPki, mintTestToken } from "@strata/sdk/testing";
import { describe, expect, it } from "vitest";
import { headersAlwaysTrusted } from "../fixtures/faulty/headers-always-trusted.js";
import { jwtUnverified } from "../fixtures/faulty/jwt-unverified.js";
import { resultOf, runAgainstFixture } from "../fixtures/run-against-fixture.js";
import { certificateTls, startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { runConformance } from "../runner/run-conformance.js";

const FORGERY = "A bearer token that does not verify answers UNAUTHENTICATED";
const NO_CERTIFICATE = "An mTLS endpoint lets a caller without a client certificate connect";
const HEADERS = "Development-mode headers alone answer UNAUTHENTICATED";
const ownChecks = (title: string) => ![FORGERY, NO_CERTIFICATE, HEADERS].some((check) => title.startsWith(check));

const secret = randomBytes(32).toString("hex");

/** Runs one check against the first reference vendor authenticating as `options` say, the suite holding tokens signed with `secret`. */
async function runWithTokens(options: AuthOptions, check: string) {
  const [tenantA, tenantB, operator] = await Promise.all([
    mintTestToken(secret, "tenant-a"), mintTestToken(secret, "tenant-b"), mintTestToken(secret, "ops", ["operator"]),
  ]);
  const credentials = { tenantA: { token: tenantA }, tenantB: { token: tenantB }, operator: { token: operator } };
  const endpoint = await startReferenceVendor(REFERENCE_VENDORS[0]!, { auth: { options, credentials } });
  const report = await runConformance({ ...endpoint.config, focus: [check] }).finally(() => endpoint.stop());
  return resultOf(report, check);
}

describe("common/unauthenticated", () => {
  it("should pass an endpoint that refuses calls without credentials", async () => {
    const report = await runAgainstFixture({}, ["unauthenticated"]);
    expect(report.results.filter((r) => ownChecks(r.title)).map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
    expect([resultOf(report, FORGERY).status, resultOf(report, FORGERY).message]).toEqual(["skip", expect.stringMatching(/^the run calls without bearer tokens/)]);
    expect([resultOf(report, NO_CERTIFICATE).status, resultOf(report, NO_CERTIFICATE).message]).toEqual(["skip", "the run calls without client certificates: there is no mTLS to judge"]);
    expect([resultOf(report, HEADERS).status, resultOf(report, HEADERS).message])
      .toEqual(["skip", "the run calls in development mode (strata-tenant headers): the endpoint runs with the mode enabled"]);
  });

  it("should fail an endpoint that answers without credentials, naming each RPC", async () => {
    const report = await runAgainstFixture({ anonymousAccess: true }, ["unauthenticated"]);
    expect(report.results.filter((r) => ownChecks(r.title)).map((r) => [r.status, r.layer, r.message])).toEqual([
      ["fail", "common", "TopologyService.GetTopology without credentials: expected UNAUTHENTICATED, got OK"],
      ["fail", "common", "TelemetryService.Subscribe (MODE_ONCE) without credentials: expected UNAUTHENTICATED, got OK"],
      // The fixture layer's own "layer RPC" is GetTopology too.
      ["fail", "fixture", "TopologyService.GetTopology without credentials: expected UNAUTHENTICATED, got OK"],
    ]);
  });

  describe("the bearer-token forgery check", () => {
    const forgeryCheck = (options: AuthOptions) => runWithTokens(options, FORGERY);

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

  describe("the check of development-mode headers in a run with tokens", () => {
    const headersCheck = (options: AuthOptions) => runWithTokens(options, HEADERS);

    it("should pass an endpoint that takes tokens only", async () => {
      const result = await headersCheck({ jwt: { secret } });
      expect([result.status, result.message]).toEqual(["pass", undefined]);
    }, 30_000);

    it("should fail the headers-always-trusted vendor, whose header authentication stays on beside its tokens", async () => {
      const result = await headersCheck({ jwt: { secret }, authenticators: [headersAlwaysTrusted] });
      expect([result.status, result.message]).toEqual(["fail", expect.stringMatching(/^TopologyService.GetTopology claiming tenant "tenant-a" and the operator role .*: expected UNAUTHENTICATED, got OK$/)]);
    }, 30_000);
  });

  describe("the check of a caller without a client certificate", () => {
    it("should fail an endpoint whose TLS handshake requires a client certificate, which the caller reads as UNAVAILABLE", async () => {
      const pki = createTestPki();
      const scratchDir = mkdtempSync(join(tmpdir(), "conformance-requiring-"));
      const server = await REFERENCE_VENDORS[0]!.create({ auth: { mtls: true }, scratchDir });
      try {
        const read = (path: string) => readFileSync(path);
        const requiring = ServerCredentials.createSsl(read(pki.caPath), [{ cert_chain: read(pki.server.certPath), private_key: read(pki.server.keyPath) }], true);
        const port = await new Promise<number>((resolve, reject) => server.grpcServer.bindAsync("127.0.0.1:0", requiring, (e, p) => (e ? reject(e) : resolve(p))));
        const config = { target: `127.0.0.1:${port}`, timeoutMs: 5000, tls: certificateTls(pki),
          credentials: { tenantA: { none: true }, tenantB: { none: true }, operator: { none: true } } } as const;
        const result = resultOf(await runConformance({ ...config, focus: [NO_CERTIFICATE] }), NO_CERTIFICATE);
        expect([result.status, result.message]).toEqual(["fail", expect.stringMatching(/^IdentityService.GetInfo over TLS without a client certificate: expected OK, got UNAVAILABLE/)]);
      } finally {
        await server.shutdown(500);
        pki.remove();
        rmSync(scratchDir, { recursive: true, force: true });
      }
    }, 30_000);
  });
});
