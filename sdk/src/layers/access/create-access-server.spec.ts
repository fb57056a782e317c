import { createHash } from "node:crypto";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../../client/connect.js";
import { core } from "../../contracts.js";
import type { LayerServer } from "../../server/create-layer-server.js";
import type { ComputeBackend } from "../compute/compute-backend.js";
import { COMPUTE_SERVICES } from "../compute/compute-services.js";
import { compute, createComputeServer } from "../compute/index.js";
import type { AccessBackend } from "./access-backend.js";
import { ACCESS_SERVICES } from "./access-services.js";
import { access, createAccessServer } from "./index.js";
import { retainedRecords } from "../../testing/retained-records.js";

const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** A compute backend that answers a hash with the SHA-256 of its seed at once. */
const hashingBackend: ComputeBackend = {
  hosts: () => [{ hostId: "host-0", name: "host 0", cpuCores: 1, memoryBytes: 1n << 30n }],
  startInstance: async () => {},
  stopInstance: async () => {},
  deleteInstance: async () => {},
  memoryUsedBytes: () => 4096n,
  async execute({ work }) {
    const seed = work.kind === "hash" ? work.seed : Buffer.alloc(0);
    return { digest: createHash("sha256").update(seed).digest(), cpuTimeNs: 1000, runQueueDelayNs: 0 };
  },
};

/** A pass-through edge that says every request waited 7 µs. */
const passThrough: AccessBackend = { forward: async (carriage) => ({ payload: await carriage.deliver(), shapingDelayNs: 7000 }) };

describe("createAccessServer()", () => {
  let computeServer: LayerServer;
  let accessServer: LayerServer;
  let standalone: LayerServer;
  let computeCaller: StrataClients<typeof COMPUTE_SERVICES>;
  let computeOperator: StrataClients<typeof COMPUTE_SERVICES>;
  let reach: StrataClients<typeof COMPUTE_SERVICES>;
  let caller: StrataClients<typeof ACCESS_SERVICES>;
  let other: StrataClients<typeof ACCESS_SERVICES>;
  let operator: StrataClients<typeof ACCESS_SERVICES>;
  let alone: StrataClients<typeof ACCESS_SERVICES>;
  let instanceId: string;

  beforeAll(async () => {
    computeServer = createComputeServer({ info: { vendor: "Test", product: "compute", version: "1" }, backend: hashingBackend, auth: { insecureDevelopmentMode: true } });
    const computeAddress = await computeServer.listen("127.0.0.1:0");
    computeCaller = connect(computeAddress, { services: COMPUTE_SERVICES, auth: { tenant: "t1" } });
    computeOperator = connect(computeAddress, { services: COMPUTE_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    // The access endpoint reaches compute as an operator, naming each entry point's tenant.
    reach = connect(computeAddress, { services: COMPUTE_SERVICES, auth: { tenant: "edge", roles: ["operator"] } });
    accessServer = createAccessServer({
      info: { vendor: "Test", product: "access", version: "1" }, backend: passThrough, auth: { insecureDevelopmentMode: true },
      compute: { clients: reach },
    });
    const address = await accessServer.listen("127.0.0.1:0");
    caller = connect(address, { services: ACCESS_SERVICES, auth: { tenant: "t1" } });
    other = connect(address, { services: ACCESS_SERVICES, auth: { tenant: "t2" } });
    operator = connect(address, { services: ACCESS_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    standalone = createAccessServer({ info: { vendor: "Test", product: "access-alone", version: "1" }, backend: passThrough, auth: { insecureDevelopmentMode: true } });
    alone = connect(await standalone.listen("127.0.0.1:0"), { services: ACCESS_SERVICES, auth: { tenant: "t1" } });
    const { instance } = await computeCaller.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "web-1", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    instanceId = instance!.instanceId;
  });

  afterAll(async () => {
    for (const clients of [computeCaller, computeOperator, reach, caller, other, operator, alone]) clients.close();
    await Promise.all([accessServer.shutdown(500), standalone.shutdown(500)]);
    await computeServer.shutdown(500);
  });

  const computeEntryPoint = (as: StrataClients<typeof ACCESS_SERVICES>, name: string, target = instanceId) => as.entryPoints.registerEntryPoint(
    access.RegisterEntryPointRequest.fromPartial({ name, workload: { applicationId: "shop" }, compute: { instanceId: target, work: access.ComputeWork.COMPUTE_WORK_HASH } }));

  it("should declare FEATURE_ACCESS_COMPUTE_ENTRY_POINTS exactly when it is given a compute layer to reach", async () => {
    const declared = async (clients: StrataClients<typeof ACCESS_SERVICES>) =>
      (await clients.identity.getCapabilities({})).capabilities.map((c) => c.feature);
    expect(await declared(caller)).toContain(core.Feature.FEATURE_ACCESS_COMPUTE_ENTRY_POINTS);
    expect(await declared(alone)).not.toContain(core.Feature.FEATURE_ACCESS_COMPUTE_ENTRY_POINTS);
    await expect(computeEntryPoint(alone, "web")).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  });

  it("should carry a request to a compute entry point as one Execute, a child of the Forward's span, answering its digest", async () => {
    const { entryPoint } = await computeEntryPoint(caller, "shop-web");
    const { session } = await caller.sessions.openSession(access.OpenSessionRequest.fromPartial({
      name: "alice-phone", workload: { applicationId: "shop" }, entryPointId: entryPoint!.entryPointId, deviceId: "dev-1",
    }));
    const payload = Buffer.from("GET /basket");
    const answer = await caller.forward.forward({ sessionId: session!.sessionId, payload }, {
      applicationId: "shop-mobile", metadata: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    });
    expect(answer.payload.toString("hex")).toBe(createHash("sha256").update(payload).digest("hex"));
    expect(answer.shapingDelayNs).toBe(7000n);
    const [forward] = await retainedRecords(operator, session!.sessionId);
    const [execute] = await retainedRecords(computeOperator, instanceId);
    expect([hex(forward!.traceId), hex(forward!.parentSpanId)]).toEqual([CALLER_TRACE, CALLER_SPAN]);
    expect([hex(execute!.traceId), hex(execute!.parentSpanId)]).toEqual([CALLER_TRACE, hex(forward!.spanId)]);
    expect([forward!.operation, forward!.tenantId, forward!.applicationId, forward!.attributes]).toEqual(
      ["forward", "t1", "shop-mobile", { entry_point_id: entryPoint!.entryPointId, device_id: "dev-1" }]);
    expect(forward!.measurements.shaping_delay_ns).toBe(7000n);
    expect(forward!.measurements.entry_point_ns).toBe(answer.entryPointNs);
    expect(forward!.payloadBytes).toBe(BigInt(payload.length + 32));
  });

  it("should refuse a compute entry point on another tenant's instance as on one that does not exist", async () => {
    await expect(computeEntryPoint(other, "not-mine")).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(computeEntryPoint(caller, "nowhere", "inst-none")).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it("should answer UNAVAILABLE once the entry point's instance is stopped, counting nothing", async () => {
    const { instance } = await computeCaller.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "web-2", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    const { entryPoint } = await computeEntryPoint(caller, "shop-web-2", instance!.instanceId);
    const { session } = await caller.sessions.openSession(access.OpenSessionRequest.fromPartial({
      name: "bob-laptop", workload: { applicationId: "shop" }, entryPointId: entryPoint!.entryPointId, deviceId: "dev-2",
    }));
    await computeCaller.instances.stopInstance({ instanceId: instance!.instanceId });
    await expect(caller.forward.forward({ sessionId: session!.sessionId, payload: Buffer.from("x") })).rejects.toMatchObject({ code: status.UNAVAILABLE });
    const { session: read } = await caller.sessions.getSession({ sessionId: session!.sessionId });
    expect([read!.requestCount, read!.payloadBytes]).toEqual([0n, 0n]);
  });
});
