import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../../client/connect.js";
import { telemetry } from "../../contracts.js";
import { startFixtureLayer, type FixtureLayer } from "../../server/fixtures/fixture-layer-server.js";
import { FIXTURE_SERVICES } from "../../testing/fixture-service.js";
import type { ComputeBackend } from "./compute-backend.js";
import { COMPUTE_SERVICES } from "./compute-services.js";
import { compute } from "./index.js";
import { createComputeServer, type ComputeServer } from "./create-compute-server.js";
import { retainedRecords } from "../../testing/retained-records.js";

const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * A backend that runs each hash on the spot and, for the unit whose seed says
 * "store", writes its digest to the layer below, passing the unit's context,
 * as a vendor whose units of work use storage would.
 */
function storingBackend(below: () => StrataClients<typeof FIXTURE_SERVICES>): ComputeBackend {
  return {
    hosts: () => [{ hostId: "host-0", name: "host 0", cpuCores: 1, memoryBytes: 1n << 30n }],
    startInstance: async () => {},
    stopInstance: async () => {},
    deleteInstance: async () => {},
    memoryUsedBytes: () => 4096n,
    async execute({ work, ctx }) {
      const seed = work.kind === "hash" ? work.seed : Buffer.alloc(0);
      const digest = createHash("sha256").update(seed).digest();
      if (seed.toString() === "store") await below().fixture.write({ resourceId: "digests", payload: digest }, { context: ctx });
      return { digest, cpuTimeNs: 1234, runQueueDelayNs: 56 };
    },
  };
}

describe("createComputeServer()", () => {
  let lower: FixtureLayer;
  let below: StrataClients<typeof FIXTURE_SERVICES>;
  let server: ComputeServer;
  let caller: StrataClients<typeof COMPUTE_SERVICES>;
  let operator: StrataClients<typeof COMPUTE_SERVICES>;
  let instanceId: string;

  beforeAll(async () => {
    lower = await startFixtureLayer({
      async write(request, ctx) {
        ctx.dataPath!.resolve({ resourceId: request.resourceId, tenantId: ctx.principal.tenantId, applicationId: "storage-owner" });
        return request;
      },
    });
    below = connect(lower.address, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
    server = createComputeServer({
      info: { vendor: "Test", product: "compute-kit", version: "1" }, backend: storingBackend(() => below), auth: { insecureDevelopmentMode: true },
    });
    const address = await server.listen("127.0.0.1:0");
    caller = connect(address, { services: COMPUTE_SERVICES, auth: { tenant: "t1" } });
    operator = connect(address, { services: COMPUTE_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    const { instance } = await caller.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "web-1", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    instanceId = instance!.instanceId;
  });

  afterAll(async () => {
    caller.close();
    operator.close();
    below.close();
    await server.shutdown(500);
    await lower.stop();
  });

  const sampledResources = async (): Promise<Set<string>> => {
    const resources = new Set<string>();
    const stream = operator.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE }));
    stream.on("data", (message: telemetry.SubscribeResponse) => message.batch?.samples.forEach((s) => resources.add(s.resourceId)));
    await new Promise<void>((resolve, reject) => { stream.on("end", resolve); stream.on("error", reject); });
    return resources;
  };

  it("should end the series of a deleted instance: after their final samples, a new stream's initial state names it no more", async () => {
    const { instance } = await caller.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "gone-1", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    const goneId = instance!.instanceId;
    await caller.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: goneId, sort: { count: 10, seed: 1 } }));
    server.kit.telemetry.flush();
    expect(await sampledResources()).toContain(goneId);
    await caller.instances.deleteInstance({ instanceId: goneId });
    server.kit.telemetry.flush(); // the interval it went in: its final samples
    server.kit.telemetry.flush();
    const after = await sampledResources();
    expect(after.has(goneId)).toBe(false);
    expect(after).toContain(instanceId);
  });

  it("should hand a unit of work its call's context, so that a layer the backend calls for it is a child of the Execute", async () => {
    const answer = await caller.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId, hash: { sizeBytes: 5n, seed: Buffer.from("store") } }), {
      applicationId: "shop-frontend", metadata: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    });
    expect([answer.cpuTimeNs, answer.runQueueDelayNs]).toEqual([1234n, 56n]);
    const [execute] = await retainedRecords(operator, instanceId);
    const [write] = (await lower.records()).filter((r) => r.resourceId === "digests");
    expect(hex(execute!.traceId)).toBe(CALLER_TRACE);
    expect(hex(execute!.parentSpanId)).toBe(CALLER_SPAN);
    expect(hex(write!.traceId)).toBe(CALLER_TRACE);
    expect(hex(write!.parentSpanId)).toBe(hex(execute!.spanId));
    expect([execute!.applicationId, write!.applicationId]).toEqual(["shop-frontend", "shop-frontend"]);
  });

  it("should record each Execute with what the backend measured and where it ran, and a refused one without measurements", async () => {
    await caller.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId, sort: { count: 10, seed: 3 } }));
    await caller.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId })).catch(() => undefined);
    const records = (await retainedRecords(operator, instanceId)).slice(-2);
    expect(records.map((r) => [r.operation, r.statusCode, r.payloadBytes, r.measurements, r.attributes])).toEqual([
      ["execute", 0, 40n, { cpu_time_ns: 1234n, run_queue_delay_ns: 56n }, { host_id: "host-0", work: "sort" }],
      ["execute", 3, 0n, {}, {}],
    ]);
    const { instance } = await caller.instances.getInstance({ instanceId });
    expect([instance!.memoryUsedBytes, instance!.cpuTimeNs > 0n]).toEqual([4096n, true]);
  });
});
