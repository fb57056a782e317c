import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../client/connect.js";
import { telemetry, topology } from "../contracts.js";
import { StrataError } from "../errors/strata-error.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { FIXTURE_SERVICES, FixtureServiceDefinition } from "../testing/fixture-service.js";
import { createLayerServer, type LayerServer } from "./create-layer-server.js";
import { defineService } from "./service-registration.js";

const HUGE = "x".repeat(64_000);
const answer = (call: Promise<unknown>) => call.then(() => undefined, (e: StrataError) => e);

/** The error a Subscribe stream ends with. */
function streamError(stream: NodeJS.EventEmitter): Promise<StrataError> {
  return new Promise((resolve) => {
    stream.on("data", () => {});
    stream.on("error", (e) => resolve(StrataError.fromServiceError(e as never)));
  });
}

describe("checkRequest()", () => {
  let server: LayerServer;
  let t1: StrataClients<typeof FIXTURE_SERVICES>;

  beforeAll(async () => {
    server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "ids", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { insecureDevelopmentMode: true },
      services: [defineService(FixtureServiceDefinition, {
        // A handler that echoes what it was given, as a careless vendor's would.
        get: (request) => { throw StrataError.notFound("resource", request.resourceId); },
        write: () => {
          throw StrataError.invalidFields(Array.from({ length: 1000 }, (_, i) => ({ field: `field_${i}_`.repeat(100), description: "d".repeat(10_000) })));
        },
        delete: () => { throw new StrataError(status.FAILED_PRECONDITION, "m".repeat(100_000), { metadata: { [`k${"k".repeat(1000)}`]: "v".repeat(100_000) } }); },
      })],
    });
    t1 = connect(await server.listen("127.0.0.1:0"), { services: FIXTURE_SERVICES, auth: { tenant: "t1" }, timeoutMs: 5000 });
  });

  afterAll(async () => {
    t1.close();
    await server.shutdown();
  });

  it("should refuse an id field breaking the id rule before the handler, naming the field and not echoing the value", async () => {
    for (const bad of ["x".repeat(32_000), "a/../../b c", "x".repeat(129)]) {
      const error = await answer(t1.fixture.get({ resourceId: bad, payload: Buffer.alloc(0) }));
      expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, fieldViolations: [{ field: "resource_id", description: "must be 1 to 128 characters of [A-Za-z0-9._-]" }] });
      expect(error!.message).not.toContain(bad);
    }
  });

  it("should refuse a 64,000-character tenant id in GetTopology and in a Subscribe selector, naming the field", async () => {
    const error = await answer(t1.topology.getTopology(topology.GetTopologyRequest.fromPartial({ tenantIds: [HUGE] })));
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, fieldViolations: [{ field: "tenant_ids" }] });
    const stream = t1.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
      mode: telemetry.Mode.MODE_ONCE, selector: { tenantIds: ["t1"], resourceIds: ["ok", HUGE], applicationIds: ["a b"] },
    }));
    expect((await streamError(stream)).fieldViolations.map((v) => v.field)).toEqual(["selector.application_ids", "selector.resource_ids"]);
  });

  it("should deliver an error that echoes without bound, cut to what a gRPC trailer carries", async () => {
    const many = await answer(t1.fixture.write({ resourceId: "r-1", payload: Buffer.alloc(0) }));
    expect(many).toMatchObject({ code: status.INVALID_ARGUMENT, reasonName: "ERROR_REASON_INVALID_FIELD" });
    expect(many!.fieldViolations.length).toBeGreaterThan(0);
    expect(many!.fieldViolations.length).toBeLessThanOrEqual(16);
    expect(many!.message.length).toBeLessThanOrEqual(1024);
    const long = await answer(t1.fixture.delete({ resourceId: "r-1", payload: Buffer.alloc(0) }));
    expect(long).toMatchObject({ code: status.FAILED_PRECONDITION });
    expect(long!.message.length).toBeLessThanOrEqual(1024);
    expect(Object.values(long!.metadata).every((v) => v.length <= 256)).toBe(true);
  });
});

describe("checkRequest() with free-text fields", () => {
  it("should leave a field the service declares free text to the service", async () => {
    const server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "free-text", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { insecureDevelopmentMode: true },
      services: [defineService(FixtureServiceDefinition, { get: (request) => request }, { freeTextFields: ["resource_id"] })],
    });
    const client = connect(await server.listen("127.0.0.1:0"), { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
    try {
      const initiator = "iqn.2024-01.com.example:host-1";
      expect((await client.fixture.get({ resourceId: initiator, payload: Buffer.alloc(0) })).resourceId).toBe(initiator);
    } finally {
      client.close();
      await server.shutdown();
    }
  });
});
