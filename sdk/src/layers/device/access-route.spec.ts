import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../../client/connect.js";
import { ACCESS_SERVICES } from "../access/access-services.js";
import { createAccessServer, type AccessServer } from "../access/create-access-server.js";
import { accessSessionName, createAccessRoute } from "./access-route.js";
import { createDeviceServer, type DeviceServer } from "./create-device-server.js";
import { DEVICE_SERVICES } from "./device-services.js";
import { device } from "./index.js";
import { retainedRecords } from "../../testing/retained-records.js";

const DEV = { insecureDevelopmentMode: true };
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: { code: number }) => e.code);

describe("createAccessRoute()", () => {
  let accessServer: AccessServer;
  let deviceServer: DeviceServer;
  let accessOps: StrataClients<typeof ACCESS_SERVICES>;
  let devices: StrataClients<typeof DEVICE_SERVICES>;
  let shopDevice: string;
  let lonelyDevice: string;

  beforeAll(async () => {
    accessServer = createAccessServer({
      info: { vendor: "Test", product: "access", version: "1" }, auth: DEV,
      backend: { forward: async (carriage) => ({ payload: await carriage.deliver(), shapingDelayNs: 0 }) },
    });
    const accessAddress = await accessServer.listen("127.0.0.1:0");
    accessOps = connect(accessAddress, { services: ACCESS_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    deviceServer = createDeviceServer({
      info: { vendor: "Test", product: "device", version: "1" }, auth: DEV,
      backend: { transact: (transaction) => transaction.exchange(transaction.payload) },
      route: createAccessRoute({ clients: connect(accessAddress, { services: ACCESS_SERVICES, auth: { tenant: "strata-device", roles: ["operator"] } }) }, { closeClients: true }),
    });
    devices = connect(await deviceServer.listen("127.0.0.1:0"), { services: DEVICE_SERVICES, auth: { tenant: "t1" } });
    await accessOps.entryPoints.registerEntryPoint({ name: "shop-web", workload: { tenantId: "t1", applicationId: "shop", component: "" }, echo: { delayNs: 0n, down: false }, labels: {} });
    const enroll = async (name: string, applicationId: string) => (await devices.devices.enrollDevice(device.EnrollDeviceRequest.fromPartial({
      name, workload: { applicationId }, userId: "alice", kind: device.DeviceKind.DEVICE_KIND_PHONE,
    }))).device!.deviceId;
    shopDevice = await enroll("phone-1", "shop");
    lonelyDevice = await enroll("phone-2", "no-entry-point");
  });

  afterAll(async () => {
    devices.close();
    accessOps.close();
    await deviceServer.shutdown(100);
    await accessServer.shutdown(100);
  });

  it("should carry each transaction in one access session of the device, opened once, the device's span the access span's parent", async () => {
    const transact = (text: string) => devices.transactions.transact(device.TransactRequest.fromPartial({ deviceId: shopDevice, transactionName: "buy", payload: Buffer.from(text) }));
    const first = await transact("one");
    const second = await transact("two");
    expect(Buffer.from(first.payload).toString()).toBe("one");
    expect(Buffer.from(second.payload).toString()).toBe("two");
    expect(second.report!.route).toBe(device.TransactionRoute.TRANSACTION_ROUTE_ACCESS);
    const { sessions } = await accessOps.sessions.listSessions({ page: { pageSize: 0, pageToken: "" }, entryPointId: "", state: 0 });
    expect(sessions.map((s) => [s.name, s.deviceId, s.requestCount])).toEqual([[accessSessionName(shopDevice), shopDevice, 2n]]);
    const forwards = (await retainedRecords(accessOps)).filter((r) => r.operation === "forward");
    const parents = forwards.map((r) => hex(r.parentSpanId));
    expect(parents).toContain(hex(first.report!.spanId));
    expect(parents).toContain(hex(second.report!.spanId));
    expect(forwards.every((r) => r.tenantId === "t1")).toBe(true);
  });

  it("should open a new session once when the device's session was closed behind its back", async () => {
    const { sessions } = await accessOps.sessions.listSessions({ page: { pageSize: 0, pageToken: "" }, entryPointId: "", state: 0 });
    await accessOps.sessions.closeSession({ sessionId: sessions[0]!.sessionId });
    const answer = await devices.transactions.transact(device.TransactRequest.fromPartial({ deviceId: shopDevice, transactionName: "buy", payload: Buffer.from("three") }));
    expect(Buffer.from(answer.payload).toString()).toBe("three");
  });

  it("should end a transaction UNAVAILABLE when the device's application has no entry point", async () => {
    expect(await codeOf(devices.transactions.transact(device.TransactRequest.fromPartial({ deviceId: lonelyDevice, transactionName: "buy", payload: Buffer.from("x") }))))
      .toBe(status.UNAVAILABLE);
  });
});
