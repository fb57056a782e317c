import { Client, credentials, makeGenericClientConstructor, Metadata, status } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../client/connect.js";
import { core, telemetry, topology } from "../contracts.js";
import { StrataError } from "../errors/strata-error.js";
import { createTelemetryRecorder } from "../telemetry/telemetry-recorder.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { TopologyGraph } from "../topology/topology-graph.js";
import { FIXTURE_SERVICES, FixtureServiceDefinition } from "../testing/fixture-service.js";
import { createLayerServer, type LayerServer } from "./create-layer-server.js";
import { defineService } from "./service-registration.js";

const RESOURCE = { resourceId: "r-1", payload: Buffer.from("owned by t1") };

describe("createLayerServer()", () => {
  let server: LayerServer;
  let address: string;
  let strata: StrataClients<typeof FIXTURE_SERVICES>;
  const internalErrors: unknown[] = [];

  beforeAll(async () => {
    server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "test-layer", version: "9.9.9", layers: [FIXTURE_CATALOGUE.layer] },
      capabilities: [core.Feature.FEATURE_TOPOLOGY_HISTORY],
      auth: { insecureDevelopmentMode: true },
      onInternalError: (error) => internalErrors.push(error),
      services: [
        defineService(FixtureServiceDefinition, {
          get(request, ctx) {
            if (request.resourceId === "boom") throw new Error("vendor bug");
            if (request.resourceId !== RESOURCE.resourceId || ctx.principal.tenantId !== "t1") throw StrataError.notFound("resource", request.resourceId);
            return RESOURCE;
          },
        }),
      ],
    });
    address = await server.listen("127.0.0.1:0");
    strata = connect(address, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
  });

  afterAll(async () => {
    strata.close();
    await server.shutdown();
  });

  it("should serve Identity without credentials, with the spec version filled in", async () => {
    const anonymous = connect(address, { services: FIXTURE_SERVICES });
    const info = await anonymous.identity.getInfo({});
    expect(info).toMatchObject({ vendor: "Test", product: "test-layer", version: "9.9.9", specVersion: "0.1.0", layers: [FIXTURE_CATALOGUE.layer] });
    const caps = await anonymous.identity.getCapabilities({});
    expect(caps.capabilities).toEqual([{ feature: core.Feature.FEATURE_TOPOLOGY_HISTORY }]);
    expect(caps.limits).toMatchObject({ maxPageSize: 100, maxIoBytes: 1n << 20n });
    expect(caps.limits!.sampleIntervalNs).toBeGreaterThan(0n);
    expect(await anonymous.identity.probe({})).toEqual({ ready: true, reason: "" });
    anonymous.close();
  });

  it("should run the vendor's handler with the caller's principal", async () => {
    expect(await strata.fixture.get({ resourceId: "r-1", payload: Buffer.alloc(0) })).toEqual(RESOURCE);
    const other = connect(address, { services: FIXTURE_SERVICES, auth: { tenant: "t2" } });
    await expect(other.fixture.get({ resourceId: "r-1", payload: Buffer.alloc(0) })).rejects.toMatchObject({ code: status.NOT_FOUND });
    other.close();
  });

  it("should answer UNAUTHENTICATED to a layer call without credentials", async () => {
    const anonymous = connect(address, { services: FIXTURE_SERVICES });
    await expect(anonymous.fixture.get({ resourceId: "r-1", payload: Buffer.alloc(0) })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    anonymous.close();
  });

  it("should answer UNIMPLEMENTED for a method the vendor left out", async () => {
    const error = await strata.fixture.delete({ resourceId: "r-1", payload: Buffer.alloc(0) }).catch((e: StrataError) => e);
    expect(error).toMatchObject({ code: status.UNIMPLEMENTED, reasonName: "ERROR_REASON_NOT_IMPLEMENTED" });
    expect((error as StrataError).message).toContain("/strata.fixture.v1.FixtureService/Delete");
  });

  it("should turn a vendor bug into INTERNAL and keep serving", async () => {
    await expect(strata.fixture.get({ resourceId: "boom", payload: Buffer.alloc(0) })).rejects.toMatchObject({ code: status.INTERNAL, message: "internal error" });
    expect(internalErrors).toHaveLength(1);
    expect((await strata.fixture.get({ resourceId: "r-1", payload: Buffer.alloc(0) })).payload.toString()).toBe("owned by t1");
  });

  it("should reject an unknown enum value with INVALID_ARGUMENT naming the field, before the handler runs", async () => {
    const stream = strata.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
      mode: telemetry.Mode.MODE_ONCE, selector: { layers: [42 as core.Layer] },
    }));
    const error = await new Promise<StrataError>((resolve) => {
      stream.on("data", () => {});
      stream.on("error", (e) => resolve(StrataError.fromServiceError(e as never)));
    });
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT });
    // The handler would have said "42 is not a layer": the kit's check answered first.
    expect(error.fieldViolations).toEqual([{ field: "selector.layers", description: "unknown enum value 42" }]);
  });

  it("should reject bytes that are not a request message with INVALID_ARGUMENT", async () => {
    const RawClient = makeGenericClientConstructor({
      get: { ...FixtureServiceDefinition.get, requestSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b },
    }, "Raw");
    const raw = new RawClient(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const metadata = new Metadata();
    metadata.set("strata-tenant", "t1");
    const code = await new Promise<number>((resolve) => {
      raw.get!(Buffer.from([0x0a, 0xff, 0xff, 0xff]), metadata, (error: { code: number } | null) => resolve(error?.code ?? 0));
    });
    expect(code).toBe(status.INVALID_ARGUMENT);
    raw.close();
  });

  it("should serve the standard health service", async () => {
    const health = loadSync(healthProtoPath, { enums: String });
    const Health = makeGenericClientConstructor(health["grpc.health.v1.Health"] as never, "Health");
    const client = new Health(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const reply = await new Promise<{ status: string }>((resolve, reject) => {
      client.check!({ service: "" }, (error: Error | null, res: { status: string }) => (error ? reject(error) : resolve(res)));
    });
    expect(reply.status).toBe("SERVING");
    client.close();
  });

  it("should listen on a unix socket too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-sock-"));
    try {
      const unixAddress = await server.listen(join(dir, "layer.sock"));
      expect(unixAddress).toBe(`unix:${join(dir, "layer.sock")}`);
      const viaSocket = connect(unixAddress, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
      expect((await viaSocket.fixture.get({ resourceId: "r-1", payload: Buffer.alloc(0) })).resourceId).toBe("r-1");
      viaSocket.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("createLayerServer() limits", () => {
  it("should fill every Limits field from the kit's configuration", async () => {
    const server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "limits", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { insecureDevelopmentMode: true },
      services: [],
      limits: { maxPageSize: 7, maxIoBytes: 65_536, maxResourcesPerTenant: 500 },
      telemetry: createTelemetryRecorder({
        catalogue: FIXTURE_CATALOGUE, retainedItems: 1000, sampleIntervalMs: 250, maxSampleIntervals: 4, maxIntervalMultiple: 60,
        heartbeatDefaultMs: 5000, subscriberQueueItems: 300, maxSeriesPerTenant: 99,
      }),
      topology: new TopologyGraph({ retainedChanges: 77 }),
    });
    const address = await server.listen("127.0.0.1:0");
    const anonymous = connect(address);
    try {
      const { limits } = await anonymous.identity.getCapabilities({});
      expect(limits).toEqual({
        maxPageSize: 7, maxIoBytes: 65_536n, telemetryRetainedItems: 1000n, sampleIntervalNs: 250_000_000n,
        maxSampleIntervals: 4, maxIntervalMultiple: 60, defaultHeartbeatIntervalNs: 5_000_000_000n, subscriberBufferItems: 300n,
        maxSeriesPerTenant: 99n, maxResourcesPerTenant: 500n, maxLunsPerHost: 0, topologyRetainedChanges: 77n,
      });
    } finally {
      anonymous.close();
      await server.shutdown();
    }
  });
});

describe("createLayerServer() readiness and shutdown", () => {
  const health = loadSync(healthProtoPath, { enums: String });
  const Health = makeGenericClientConstructor(health["grpc.health.v1.Health"] as never, "Health");

  function check(client: Client & Record<string, Function>): Promise<string> {
    return new Promise((resolve, reject) => {
      client.check!({ service: "" }, (error: Error | null, res: { status: string }) => (error ? reject(error) : resolve(res.status)));
    });
  }

  it("should report health NOT_SERVING exactly while Probe says not ready", async () => {
    let ready = false;
    const server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "readiness", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { insecureDevelopmentMode: true },
      services: [],
      probe: () => ({ ready, reason: "warming up" }),
    });
    const address = await server.listen("127.0.0.1:0");
    const client = new Health(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const anonymous = connect(address);
    try {
      expect(await anonymous.identity.probe({})).toEqual({ ready: false, reason: "warming up" });
      expect(await check(client)).toBe("NOT_SERVING");
      ready = true;
      expect(await check(client)).toBe("SERVING");
    } finally {
      client.close();
      anonymous.close();
      await server.shutdown();
    }
  });

  it("should end open watches on shutdown and resolve as soon as the calls are done, not after the grace period", async () => {
    const server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "shutdown", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { insecureDevelopmentMode: true },
      services: [],
    });
    const address = await server.listen("127.0.0.1:0");
    const strata = connect(address, { auth: { tenant: "t1" } });
    const healthClient = new Health(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const ended = (stream: NodeJS.EventEmitter) => new Promise<string>((resolve) => {
      stream.on("data", () => {});
      stream.on("end", () => resolve("OK"));
      stream.on("error", (e: { code: number }) => resolve(status[e.code]!));
    });
    const watch = strata.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({}));
    const subscription = strata.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_STREAM }));
    const healthWatch = healthClient.watch!({ service: "" }) as NodeJS.EventEmitter;
    const healthStatuses: string[] = [];
    healthWatch.on("data", (m: { status: string }) => healthStatuses.push(m.status));
    const endings = Promise.all([ended(watch), ended(subscription), ended(healthWatch)]);
    await Promise.all([watch, subscription, healthWatch].map((stream) => new Promise((resolve) => stream.once("data", resolve))));
    try {
      await server.shutdown(120_000); // the test's own timeout (20 s) fails it if shutdown waits out the grace
      expect(await endings).toEqual(["OK", "OK", "OK"]);
      expect(healthStatuses.at(-1)).toBe("NOT_SERVING");
    } finally {
      strata.close();
      healthClient.close();
    }
  });
});

