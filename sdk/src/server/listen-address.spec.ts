import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../client/connect.js";
import { topology } from "../contracts.js";
import type { StrataError } from "../errors/strata-error.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { createTestPki, type TestPki } from "../testing/test-pki.js";
import { createLayerServer, type LayerServer } from "./create-layer-server.js";

describe("serverCredentials() with a client CA (mTLS)", () => {
  let pki: TestPki;
  let server: LayerServer;
  let address: string;

  beforeAll(async () => {
    pki = createTestPki();
    server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "mtls", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { mtls: true },
      services: [],
    });
    address = await server.listen("127.0.0.1:0", { ...pki.server, clientCaPath: pki.caPath });
  });

  afterAll(async () => {
    await server.shutdown();
    pki.remove();
  });

  const graph = () => topology.GetTopologyRequest.fromPartial({});

  it("should serve GetInfo to a caller without a client certificate, and answer its other calls UNAUTHENTICATED, never UNAVAILABLE", async () => {
    const anonymous = connect(address, { tls: { caPath: pki.caPath, serverNameOverride: "localhost" }, timeoutMs: 5000 });
    try {
      expect((await anonymous.identity.getInfo({})).product).toBe("mtls");
      const error = await anonymous.topology.getTopology(graph()).catch((e: StrataError) => e);
      expect(error).toMatchObject({ code: status.UNAUTHENTICATED, reasonName: "ERROR_REASON_UNAUTHENTICATED" });
    } finally {
      anonymous.close();
    }
  });

  it("should take the tenant from a client certificate the CA issued", async () => {
    const tenant = connect(address, { tls: { caPath: pki.caPath, serverNameOverride: "localhost", ...pki.client("t1") } });
    try {
      expect((await tenant.topology.getTopology(graph())).nodes).toEqual([]);
    } finally {
      tenant.close();
    }
  });

  it("should not take a tenant from a certificate another CA issued", async () => {
    const stranger = createTestPki();
    const forged = connect(address, { tls: { caPath: pki.caPath, serverNameOverride: "localhost", ...stranger.client("t1") }, timeoutMs: 5000 });
    try {
      const error = await forged.topology.getTopology(graph()).catch((e: StrataError) => e);
      expect(error).toMatchObject({ code: status.UNAUTHENTICATED });
    } finally {
      forged.close();
      stranger.remove();
    }
  });
});
