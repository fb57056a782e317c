import { status } from "@grpc/grpc-js";
import { SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../client/connect.js";
import type { StrataError } from "../errors/strata-error.js";
import { createLayerServer, type LayerServer } from "../server/create-layer-server.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { mintTestToken } from "../testing/test-token.js";
import type { JwtOptions } from "./jwt-authenticator.js";

const SECRET = "a-test-secret-of-enough-length-for-hs512-too";

function sign(claims: JWTPayload, options: { alg?: string; exp?: boolean } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? "HS256" }).setIssuedAt();
  if (options.exp !== false) jwt.setExpirationTime("1h");
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe("createJwtAuthenticator()", () => {
  const servers: LayerServer[] = [];

  async function endpoint(jwt: Partial<JwtOptions> = {}): Promise<string> {
    const server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "jwt", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { jwt: { secret: SECRET, ...jwt } },
      services: [],
    });
    servers.push(server);
    return server.listen("127.0.0.1:0");
  }

  /** What GetTopology (which needs credentials) answers a caller with this token: OK, or the error. */
  async function answer(address: string, token: string): Promise<StrataError | "OK"> {
    const client = connect(address, { auth: { token } });
    try {
      await client.topology.getTopology({ atRevision: 0n, atTimeUnixNano: 0n, tenantIds: [] });
      return "OK";
    } catch (error) {
      return error as StrataError;
    } finally {
      client.close();
    }
  }

  let address: string;
  beforeAll(async () => { address = await endpoint(); });
  afterAll(async () => { for (const server of servers) await server.shutdown(); });

  it("should accept a token of the configured algorithm naming a tenant by the id rule, with exp", async () => {
    expect(await answer(address, await mintTestToken(SECRET, "tenant-1"))).toBe("OK");
  });

  it("should refuse a tenant_id that breaks the id rule", async () => {
    for (const tenant of ["a/../../b c", "x".repeat(300), ""]) {
      expect(await answer(address, await sign({ tenant_id: tenant })), JSON.stringify(tenant))
        .toMatchObject({ code: status.UNAUTHENTICATED, reasonName: "ERROR_REASON_UNAUTHENTICATED" });
    }
  });

  it("should refuse an algorithm other than the configured one, even under the right key", async () => {
    for (const alg of ["HS384", "HS512"]) {
      expect(await answer(address, await sign({ tenant_id: "tenant-1" }, { alg })), alg).toMatchObject({ code: status.UNAUTHENTICATED });
    }
    const hs512 = await endpoint({ algorithms: ["HS512"] });
    expect(await answer(hs512, await sign({ tenant_id: "tenant-1" }, { alg: "HS512" }))).toBe("OK");
    expect(await answer(hs512, await mintTestToken(SECRET, "tenant-1"))).toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it("should require exp unless configured not to", async () => {
    const noExp = await sign({ tenant_id: "tenant-1" }, { exp: false });
    expect(await answer(address, noExp)).toMatchObject({ code: status.UNAUTHENTICATED });
    expect(await answer(await endpoint({ requireExpiry: false }), noExp)).toBe("OK");
  });
});
