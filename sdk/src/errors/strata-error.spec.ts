import { credentials, makeGenericClientConstructor, Metadata, status, type Client, type ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../client/connect.js";
import { rpc } from "../contracts.js";
import { createLayerServer, type LayerServer } from "../server/create-layer-server.js";
import { defineService } from "../server/service-registration.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { FIXTURE_SERVICES, FixtureServiceDefinition } from "../testing/fixture-service.js";
import { isStrataError, StrataError } from "./strata-error.js";

describe("StrataError over gRPC", () => {
  let server: LayerServer;
  let address: string;
  let clients: StrataClients<typeof FIXTURE_SERVICES>;

  beforeAll(async () => {
    server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "errors", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { insecureDevelopmentMode: true },
      services: [defineService(FixtureServiceDefinition, {
        read: () => { throw StrataError.throttled('resource "r-1"', 1500); },
        get: async (request) => {
          const path = "./strata-error.ts?another-copy";
          const copy = (await import(/* @vite-ignore */ path)) as typeof import("./strata-error.js");
          throw copy.StrataError.notFound("resource", request.resourceId);
        },
        write: () => { throw StrataError.invalidFields([{ field: "resource_id", description: "is required" }, { field: "payload", description: "too large" }]); },
      })],
    });
    address = await server.listen("127.0.0.1:0");
    clients = connect(address, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
  });

  afterAll(async () => {
    clients.close();
    await server.shutdown();
  });

  it("should give every error the kit itself makes a reason", () => {
    expect(StrataError.cancelled("QoS admission")).toMatchObject({ code: status.CANCELLED, reasonName: "ERROR_REASON_CANCELLED" });
    expect(StrataError.notImplemented("/p.S/M")).toMatchObject({ code: status.UNIMPLEMENTED, reasonName: "ERROR_REASON_NOT_IMPLEMENTED" });
    expect(StrataError.limitExceeded("max_sample_intervals", "16 intervals served"))
      .toMatchObject({ code: status.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_LIMIT_EXCEEDED", metadata: { limit: "max_sample_intervals" } });
  });

  it("should recognise a StrataError thrown by another copy of the SDK, as a vendor bundling its own would throw", async () => {
    const path = "./strata-error.ts?another-copy";
    const copy = (await import(/* @vite-ignore */ path)) as typeof import("./strata-error.js");
    expect(copy.StrataError).not.toBe(StrataError);
    const foreign = copy.StrataError.notFound("resource", "r-9");
    expect(isStrataError(foreign)).toBe(true);
    expect(foreign instanceof StrataError).toBe(true);
    expect(isStrataError(Object.assign(new Error("not found"), { name: "StrataError", code: status.NOT_FOUND }))).toBe(false);
    expect(isStrataError(undefined)).toBe(false);
    // The kit sends it as the vendor meant it, not as INTERNAL.
    const error = await clients.fixture.get({ resourceId: "r-9", payload: Buffer.alloc(0) }).catch((e: StrataError) => e);
    expect(error).toMatchObject({ code: status.NOT_FOUND, reasonName: "ERROR_REASON_RESOURCE_NOT_FOUND" });
  });

  it("should carry the reason and the retry delay of a throttled call", async () => {
    const error = await clients.fixture.read({ resourceId: "r-1", payload: Buffer.alloc(0) }).catch((e: StrataError) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({ code: status.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_THROTTLED", retryDelayMs: 1500 });
    expect((error as StrataError).message).toContain('resource "r-1"');
  });

  it("should name every invalid field, readable by any gRPC client as google.rpc.Status", async () => {
    const error = await clients.fixture.write({ resourceId: "", payload: Buffer.alloc(0) }).catch((e: StrataError) => e);
    expect((error as StrataError).fieldViolations).toEqual([
      { field: "resource_id", description: "is required" }, { field: "payload", description: "too large" },
    ]);
    // A plain grpc-js client, no Strata code: the trailer is a standard google.rpc.Status.
    const Raw = makeGenericClientConstructor(FixtureServiceDefinition as never, "Raw");
    const raw = new Raw(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const serviceError = await new Promise<ServiceError>((resolve) => {
      const metadata = new Metadata();
      metadata.set("strata-tenant", "t1");
      raw.write!({ resourceId: "", payload: Buffer.alloc(0) }, metadata, (e: ServiceError) => resolve(e));
    });
    const detail = rpc.Status.decode(serviceError.metadata.get("grpc-status-details-bin")[0] as Buffer);
    expect(detail.code).toBe(status.INVALID_ARGUMENT);
    expect(detail.details.map((d) => d.typeUrl)).toEqual([
      "type.googleapis.com/google.rpc.ErrorInfo", "type.googleapis.com/google.rpc.BadRequest",
    ]);
    expect(rpc.ErrorInfo.decode(detail.details[0]!.value)).toMatchObject({ reason: "ERROR_REASON_INVALID_FIELD", domain: "strata.dev" });
    raw.close();
  });
});
