import { Server, ServerCredentials, credentials, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { core } from "../contracts.js";
import { FIXTURE_LAYER } from "../testing/fixture-layer.js";

// The generated service definition and client work over real gRPC, with no
// SDK code in between: what any third-party implementation would use.
describe("generated IdentityService", () => {
  const server = new Server();
  let client: core.IdentityServiceClient;

  beforeAll(async () => {
    const implementation: core.IdentityServiceServer = {
      getInfo(_call: ServerUnaryCall<core.GetInfoRequest, core.GetInfoResponse>, done: sendUnaryData<core.GetInfoResponse>) {
        done(null, core.GetInfoResponse.fromPartial({
          vendor: "Example", product: "example-layer", version: "1.2.3", specVersion: "0.1.0",
          layers: [FIXTURE_LAYER],
        }));
      },
      getCapabilities(_call, done) {
        done(null, core.GetCapabilitiesResponse.fromPartial({
          capabilities: [{ feature: core.Feature.FEATURE_TOPOLOGY_HISTORY }],
          limits: { maxPageSize: 100, maxIoBytes: 1n << 20n },
        }));
      },
      probe(_call, done) {
        done(null, { ready: true, reason: "" });
      },
    };
    server.addService(core.IdentityServiceService, implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    client = new core.IdentityServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  it("should answer GetInfo with the vendor's fields", async () => {
    const info = await new Promise<core.GetInfoResponse>((resolve, reject) =>
      client.getInfo({}, (err, res) => (err ? reject(err) : resolve(res))));
    expect(info).toEqual({
      vendor: "Example", product: "example-layer", version: "1.2.3", specVersion: "0.1.0",
      layers: [FIXTURE_LAYER], attributes: {},
    });
  });

  it("should answer GetCapabilities and Probe", async () => {
    const caps = await new Promise<core.GetCapabilitiesResponse>((resolve, reject) =>
      client.getCapabilities({}, (err, res) => (err ? reject(err) : resolve(res))));
    expect(caps.capabilities).toEqual([{ feature: core.Feature.FEATURE_TOPOLOGY_HISTORY }]);
    expect(caps.limits?.maxIoBytes).toBe(1n << 20n);
    const probe = await new Promise<core.ProbeResponse>((resolve, reject) =>
      client.probe({}, (err, res) => (err ? reject(err) : resolve(res))));
    expect(probe).toEqual({ ready: true, reason: "" });
  });
});
