import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../../client/connect.js";
import { startFixtureLayer, type FixtureLayer } from "../../server/fixtures/fixture-layer-server.js";
import { FIXTURE_SERVICES } from "../../testing/fixture-service.js";
import type { DeviceBackend, DeviceRoute, TransactionIssuer } from "./device-backend.js";
import { DEVICE_SERVICES } from "./device-services.js";
import { createDeviceServer, type DeviceServer } from "./create-device-server.js";
import { answerEcho } from "./echo-application.js";
import { device } from "./index.js";
import { retainedRecords } from "../../testing/retained-records.js";

const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const { TRANSACTION_ORIGIN_TRANSACT, TRANSACTION_ORIGIN_JOURNEY, TRANSACTION_ORIGIN_ENDPOINT } = device.TransactionOrigin;

/**
 * A route that writes every payload to the layer below, passing the
 * transaction's context as an access route would, then echoes it: the
 * application the standard leaves to configuration, stood in for by the
 * fixture layer.
 */
function routeBelow(below: () => StrataClients<typeof FIXTURE_SERVICES>): DeviceRoute {
  return {
    route: device.TransactionRoute.TRANSACTION_ROUTE_ACCESS,
    async exchange({ payload, echo, context, signal }) {
      await below().fixture.write({ resourceId: "application", payload }, { context });
      return answerEcho(payload, echo, signal);
    },
  };
}

/** A backend that issues every transaction at once, and hands its issuer to the test. */
function directBackend(onStart: (issuer: TransactionIssuer) => void): DeviceBackend {
  return { transact: (transaction) => transaction.exchange(transaction.payload), start: onStart };
}

describe("createDeviceServer()", () => {
  let lower: FixtureLayer;
  let below: StrataClients<typeof FIXTURE_SERVICES>;
  let server: DeviceServer;
  let caller: StrataClients<typeof DEVICE_SERVICES>;
  let operator: StrataClients<typeof DEVICE_SERVICES>;
  let issuer: TransactionIssuer;
  let deviceId: string;
  let address: string;

  beforeAll(async () => {
    lower = await startFixtureLayer({
      async write(request, ctx) {
        ctx.dataPath!.resolve({ resourceId: request.resourceId, tenantId: ctx.principal.tenantId, applicationId: "app-owner" });
        return request;
      },
    });
    below = connect(lower.address, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
    server = createDeviceServer({
      info: { vendor: "Test", product: "device-kit", version: "1" }, auth: { insecureDevelopmentMode: true },
      backend: directBackend((given) => { issuer = given; }), route: routeBelow(() => below),
    });
    address = await server.listen("127.0.0.1:0");
    caller = connect(address, { services: DEVICE_SERVICES, auth: { tenant: "t1" } });
    operator = connect(address, { services: DEVICE_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    const { device: enrolled } = await caller.devices.enrollDevice(device.EnrollDeviceRequest.fromPartial({
      name: "alice-phone", workload: { applicationId: "shop" }, userId: "alice", kind: device.DeviceKind.DEVICE_KIND_PHONE,
    }));
    deviceId = enrolled!.deviceId;
  });

  afterAll(async () => {
    caller.close();
    operator.close();
    below.close();
    await server.shutdown(500);
    await lower.stop();
  });

  it("should answer a transaction with the application's answer and its experience report, which its record matches", async () => {
    const answer = await caller.transactions.transact(device.TransactRequest.fromPartial({
      deviceId, transactionName: "checkout", payload: Buffer.from("cart"), echo: { delayNs: 10_000_000n },
    }), { applicationId: "shop-frontend", metadata: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` } });
    expect(answer.payload.toString()).toBe("cart");
    const report = answer.report!;
    expect([report.origin, report.transactionName, report.userId, report.deviceKind, report.route, report.sentBytes, report.receivedBytes])
      .toEqual([TRANSACTION_ORIGIN_TRANSACT, "checkout", "alice", device.DeviceKind.DEVICE_KIND_PHONE, device.TransactionRoute.TRANSACTION_ROUTE_ACCESS, 4n, 4n]);
    expect(report.latencyNs).toBeGreaterThanOrEqual(10_000_000n);
    const record = (await retainedRecords(operator, deviceId)).find((r) => hex(r.traceId) === CALLER_TRACE)!;
    expect([hex(record.spanId), hex(record.parentSpanId), record.applicationId, record.payloadBytes]).toEqual([hex(report.spanId), CALLER_SPAN, "shop-frontend", 8n]);
    expect(record.measurements).toEqual({ user_latency_ns: report.latencyNs });
    expect(record.attributes).toEqual({ device_kind: "DEVICE_KIND_PHONE", transaction: "checkout" });
    expect(record.durationNs).toBeGreaterThanOrEqual(report.latencyNs);
    expect([report.tenantId, report.applicationId, hex(report.traceId)]).toEqual([record.tenantId, record.applicationId, CALLER_TRACE]);
  });

  it("should make the device's span the parent of the calls its route makes, and start the trace when the caller sent none", async () => {
    const { report } = await caller.transactions.transact(device.TransactRequest.fromPartial({ deviceId, transactionName: "login", payload: Buffer.from("x") }));
    expect(report!.traceId).toHaveLength(16);
    const record = (await retainedRecords(operator, deviceId)).find((r) => hex(r.traceId) === hex(report!.traceId))!;
    expect(record.parentSpanId).toHaveLength(0);
    const write = (await lower.records()).find((r) => hex(r.traceId) === hex(report!.traceId))!;
    expect(hex(write.parentSpanId)).toBe(hex(record.spanId));
    expect(write.applicationId).toBe("shop");
  });

  it("should fail a transaction the application fails UNAVAILABLE, with one report that says so and no answer bytes", async () => {
    const failed = await caller.transactions.transact(device.TransactRequest.fromPartial({
      deviceId, transactionName: "pay", payload: Buffer.from("card"), echo: { fail: true },
    })).catch((e: { code: number }) => e);
    expect((failed as { code: number }).code).toBe(14);
    const { reports } = await caller.experience.listExperienceReports(device.ListExperienceReportsRequest.fromPartial({ deviceId, page: { pageSize: 100 } }));
    const pay = reports.filter((r) => r.transactionName === "pay");
    expect(pay.map((r) => [r.statusCode, r.sentBytes, r.receivedBytes, r.responseSha256.length])).toEqual([[14, 4n, 0n, 0]]);
  });

  it("should run a journey's steps in order, one record each under the caller's trace, stopping after the first failed step", async () => {
    const step = (transactionName: string, fail = false) => ({ transactionName, payload: Buffer.from(transactionName), echo: { fail } });
    const { reports, completed } = await caller.transactions.runJourney(device.RunJourneyRequest.fromPartial({
      deviceId, journey: { name: "buy", steps: [step("browse"), step("basket"), step("pay", true), step("receipt")] },
    }), { metadata: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` } });
    expect(completed).toBe(false);
    expect(reports.map((r) => [r.journeyName, r.journeyStep, r.transactionName, r.statusCode, r.origin])).toEqual([
      ["buy", 1, "browse", 0, TRANSACTION_ORIGIN_JOURNEY], ["buy", 2, "basket", 0, TRANSACTION_ORIGIN_JOURNEY], ["buy", 3, "pay", 14, TRANSACTION_ORIGIN_JOURNEY],
    ]);
    expect(reports[1]!.startTimeUnixNano).toBeGreaterThanOrEqual(reports[0]!.startTimeUnixNano + reports[0]!.latencyNs);
    const records = await retainedRecords(operator, deviceId);
    const steps = reports.map((r) => records.find((x) => hex(x.spanId) === hex(r.spanId))!);
    expect(steps.map((r) => [hex(r.traceId), hex(r.parentSpanId), r.statusCode, r.attributes.transaction])).toEqual([
      [CALLER_TRACE, CALLER_SPAN, 0, "browse"], [CALLER_TRACE, CALLER_SPAN, 0, "basket"], [CALLER_TRACE, CALLER_SPAN, 14, "pay"],
    ]);
  });

  it("should refuse a bad journey naming every bad field, and a device that is not the caller's as NOT_FOUND", async () => {
    const bad = await caller.transactions.runJourney(device.RunJourneyRequest.fromPartial({
      deviceId, journey: { name: "", steps: [{ transactionName: "", echo: { delayNs: 2_000_000_000n } }] },
    })).catch((e: { code: number; fieldViolations: Array<{ field: string }> }) => e);
    expect((bad as { code: number }).code).toBe(3);
    expect((bad as { fieldViolations: Array<{ field: string }> }).fieldViolations.map((v) => v.field))
      .toEqual(["journey.name", "journey.steps[0].transaction_name", "journey.steps[0].echo.delay_ns"]);
    const stranger = connect(address, { services: DEVICE_SERVICES, auth: { tenant: "t2" } });
    const foreign = await stranger.transactions.transact(device.TransactRequest.fromPartial({ deviceId, transactionName: "peek" })).catch((e: { code: number }) => e);
    stranger.close();
    expect((foreign as { code: number }).code).toBe(5);
  });

  it("should issue the backend's own transactions under a trace of their own, for the device's owner", async () => {
    const report = await issuer.issue(deviceId, { transactionName: "heartbeat", payload: Buffer.from("hb") });
    expect([report!.origin, report!.applicationId, report!.statusCode, report!.traceId.length]).toEqual([TRANSACTION_ORIGIN_ENDPOINT, "shop", 0, 16]);
    const record = (await retainedRecords(operator, deviceId)).find((r) => hex(r.spanId) === hex(report!.spanId))!;
    expect([record.parentSpanId.length, record.operation, record.applicationId]).toEqual([0, "transact", "shop"]);
    expect(await issuer.issue("dev-unknown", { transactionName: "x", payload: Buffer.alloc(0) })).toBeUndefined();
  });

  it("should unenroll a device with its reports, its node and its series", async () => {
    const { device: spare } = await caller.devices.enrollDevice(device.EnrollDeviceRequest.fromPartial({
      name: "spare", workload: { applicationId: "shop" }, userId: "bob", kind: device.DeviceKind.DEVICE_KIND_KIOSK,
    }));
    await caller.transactions.transact(device.TransactRequest.fromPartial({ deviceId: spare!.deviceId, transactionName: "scan" }));
    await caller.devices.unenrollDevice({ deviceId: spare!.deviceId });
    await caller.devices.unenrollDevice({ deviceId: spare!.deviceId });
    const listed = await operator.experience.listExperienceReports(device.ListExperienceReportsRequest.fromPartial({ deviceId: spare!.deviceId }));
    expect(listed.reports).toEqual([]);
    const graph = await caller.topology.getTopology({ atRevision: 0n, atTimeUnixNano: 0n, tenantIds: [] });
    expect(graph.nodes.map((n) => n.id)).not.toContain(spare!.deviceId);
    expect(graph.nodes.find((n) => n.id === deviceId)?.attributes).toEqual({ kind: "DEVICE_KIND_PHONE", user_id: "alice", route: "TRANSACTION_ROUTE_ACCESS" });
  });
});
