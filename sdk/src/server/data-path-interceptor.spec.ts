import { Client, credentials, makeGenericClientConstructor, Metadata, status } from "@grpc/grpc-js";
import { connect as connectHttp2 } from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../client/connect.js";
import { StrataError } from "../errors/strata-error.js";
import { UNATTRIBUTED } from "../telemetry/data-path-record.js";
import { FIXTURE_SERVICES, FixtureServiceDefinition } from "../testing/fixture-service.js";
import { startFixtureLayer, type FixtureLayer } from "./fixtures/fixture-layer-server.js";

const OWNER = { resourceId: "r-1", tenantId: "t1", applicationId: "owner-app" };
const empty = Buffer.alloc(0);

describe("dataPathInterceptor()", () => {
  let layer: FixtureLayer;
  let t1: StrataClients<typeof FIXTURE_SERVICES>;
  let t2: StrataClients<typeof FIXTURE_SERVICES>;

  beforeAll(async () => {
    layer = await startFixtureLayer({
      async write(request, ctx) {
        if (request.resourceId !== OWNER.resourceId || ctx.principal.tenantId !== OWNER.tenantId) {
          throw StrataError.notFound("resource", request.resourceId);
        }
        ctx.dataPath!.resolve({ ...OWNER, attributes: { zone: "z1" } });
        ctx.dataPath!.payloadBytes = request.payload.length;
        return { resourceId: request.resourceId, payload: empty };
      },
      get: (request) => request,
    });
    t1 = connect(layer.address, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
    t2 = connect(layer.address, { services: FIXTURE_SERVICES, auth: { tenant: "t2" }, applicationId: "b-app" });
  });

  afterAll(async () => {
    t1.close();
    t2.close();
    await layer.stop();
  });

  it("should yield exactly one record per authenticated data-path call, rejected or not, and none for other calls", async () => {
    const before = (await layer.records()).length;
    const outcome = (call: Promise<unknown>) => call.then(() => status.OK, (e: StrataError) => e.code);
    const payload = Buffer.alloc(100, 1);
    expect(await outcome(t1.fixture.write({ resourceId: "r-1", payload }))).toBe(status.OK);
    expect(await outcome(t2.fixture.write({ resourceId: "r-1", payload }))).toBe(status.NOT_FOUND);
    expect(await outcome(t1.fixture.write({ resourceId: "r-1", payload }, { applicationId: "strata.x" }))).toBe(status.INVALID_ARGUMENT);
    expect(await outcome(t1.fixture.write({ resourceId: "x".repeat(300), payload }))).toBe(status.INVALID_ARGUMENT);
    expect(await outcome(t1.fixture.read({ resourceId: "r-1", payload }))).toBe(status.UNIMPLEMENTED);
    expect(await outcome(t1.fixture.get({ resourceId: "r-1", payload }))).toBe(status.OK);
    const anonymous = connect(layer.address, { services: FIXTURE_SERVICES });
    expect(await outcome(anonymous.fixture.write({ resourceId: "r-1", payload }))).toBe(status.UNAUTHENTICATED);
    anonymous.close();

    const records = (await layer.records()).slice(before);
    expect(records.map((r) => [r.operation, r.statusCode, r.tenantId, r.applicationId, r.resourceId, Number(r.payloadBytes), r.attributes])).toEqual([
      ["write", status.OK, "t1", "owner-app", "r-1", 100, { zone: "z1" }],
      ["write", status.NOT_FOUND, "t2", "b-app", "r-1", 0, {}],
      ["write", status.INVALID_ARGUMENT, "t1", UNATTRIBUTED, "r-1", 0, {}],
      ["write", status.INVALID_ARGUMENT, "t1", UNATTRIBUTED, "", 0, {}],
      ["read", status.UNIMPLEMENTED, "t1", UNATTRIBUTED, "r-1", 0, {}],
    ]);
    expect(records.every((r) => r.durationNs > 0n && r.startTimeUnixNano > 0n)).toBe(true);
  });

  it("should time a call from when its headers arrived, the wait for its message included", async () => {
    const before = (await layer.records()).length;
    const session = connectHttp2(`http://${layer.address}`);
    await new Promise((resolve) => session.once("connect", resolve));
    const stream = session.request({
      ":method": "POST", ":path": FixtureServiceDefinition.write.path, "content-type": "application/grpc", te: "trailers", "strata-tenant": "t1",
    });
    const answered = new Promise<void>((resolve) => stream.on("close", resolve));
    stream.resume();
    const sentAt = performance.now();
    // The message follows its headers 300 ms later: the endpoint held the call that long before its handler could start.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const message = Buffer.from(FixtureServiceDefinition.write.requestSerialize({ resourceId: "r-1", payload: Buffer.alloc(10) }));
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    message.copy(frame, 5);
    stream.end(frame);
    await answered;
    const waitedMs = performance.now() - sentAt;
    session.close();
    const [record] = (await layer.records()).slice(before);
    expect(record?.statusCode).toBe(status.OK);
    // Most of the 300 ms, however busy the machine (handed to the handler at once, the call would take well under a millisecond).
    expect(Number(record!.durationNs) / 1e6).toBeGreaterThanOrEqual(150);
    expect(Number(record!.durationNs) / 1e6).toBeLessThanOrEqual(waitedMs + 1);
  });

  it("should record bytes that are not a request, with no resource", async () => {
    const before = (await layer.records()).length;
    const Raw = makeGenericClientConstructor({ write: { ...FixtureServiceDefinition.write, requestSerialize: (b: Buffer) => b } }, "Raw");
    const raw = new Raw(layer.address, credentials.createInsecure()) as Client & Record<string, Function>;
    const metadata = new Metadata();
    metadata.set("strata-tenant", "t1");
    const code = await new Promise<number>((resolve) => {
      raw.write!(Buffer.from([0x0a, 0xff, 0xff, 0xff]), metadata, (error: { code: number } | null) => resolve(error?.code ?? 0));
    });
    raw.close();
    expect(code).toBe(status.INVALID_ARGUMENT);
    expect((await layer.records()).slice(before).map((r) => [r.statusCode, r.tenantId, r.resourceId])).toEqual([[status.INVALID_ARGUMENT, "t1", ""]]);
  });

  it("should refuse a payload over Limits.max_io_bytes with INVALID_ARGUMENT naming its field, and record the refusal", async () => {
    const maxIoBytes = Number((await t1.identity.getCapabilities({})).limits!.maxIoBytes);
    const before = (await layer.records()).length;
    const error = await t1.fixture.write({ resourceId: "r-1", payload: Buffer.alloc(maxIoBytes + 1) }).catch((e: StrataError) => e);
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, reasonName: "ERROR_REASON_INVALID_FIELD" });
    expect((error as StrataError).fieldViolations.map((v) => v.field)).toEqual(["payload"]);
    expect((await layer.records()).slice(before).map((r) => [r.statusCode, r.resourceId])).toEqual([[status.INVALID_ARGUMENT, "r-1"]]);
  });

  it("should refuse a message larger than the endpoint receives with INVALID_ARGUMENT naming the payload field, not a bare RESOURCE_EXHAUSTED", async () => {
    const error = await t1.fixture.write({ resourceId: "r-1", payload: Buffer.alloc(6 << 20) }).catch((e: StrataError) => e);
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, reasonName: "ERROR_REASON_INVALID_FIELD" });
    expect((error as StrataError).fieldViolations.map((v) => v.field)).toEqual(["payload"]);
    expect((error as StrataError).message).toContain("Limits.max_io_bytes");
    // The endpoint still serves that caller.
    await expect(t1.fixture.get({ resourceId: "r-1", payload: empty })).resolves.toMatchObject({ resourceId: "r-1" });
  });

  it("should refuse a malformed strata-application-id naming the key, with a BadRequest field violation", async () => {
    for (const bad of ["", "strata.overflow", "a".repeat(129), "app id"]) {
      const error = await t1.fixture.get({ resourceId: "r-1", payload: empty }, { metadata: { "strata-application-id": bad } }).catch((e: StrataError) => e);
      expect(error, JSON.stringify(bad)).toMatchObject({ code: status.INVALID_ARGUMENT });
      expect((error as StrataError).fieldViolations.map((v) => v.field)).toEqual(["strata-application-id"]);
    }
    await expect(t1.fixture.get({ resourceId: "r-1", payload: empty }, { applicationId: "app.v2_b-1" })).resolves.toMatchObject({ resourceId: "r-1" });
  });
});
