import { status } from "@grpc/grpc-js";
import { ACCESS_SERVICES } from "@strata/sdk/access";
import { connect, type StrataError } from "@strata/sdk/client";
import { COMPUTE_SERVICES } from "@strata/sdk/compute";
import { core } from "@strata/sdk/contracts";
import { network, NETWORK_SERVICES } from "@strata/sdk/network";
import type { LayerServer } from "@strata/sdk/server";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShapedaccessServer } from "../../access/shapedaccess/index.js";
import { createThreadpoolServer } from "../../compute/threadpool/index.js";
import { createSoftswitchServer } from "../../network/softswitch/index.js";
import { createMemstoreServer } from "../../storage/memstore/index.js";
import { connectControls } from "./connect-controls.js";
import type { ControlCall, LayerControl } from "./layer-control.js";

const DEV = { insecureDevelopmentMode: true };
const OPERATOR = { tenant: "ops", roles: ["operator"] };
const LOAD = { opsPerSecond: 1000, bytesPerSecond: 10_000_000 };
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);
const undoAll = async (calls: ControlCall[]) => (await Promise.all(calls.map((c) => c.undo!()))).flat();

describe("connectControls()", () => {
  const servers: LayerServer[] = [];
  const addresses: Record<string, string> = {};
  let controls: LayerControl[];
  const control = (layer: core.Layer) => controls.find((c) => c.layer === layer)!;

  beforeAll(async () => {
    const started = {
      storage: await createMemstoreServer({ auth: DEV }),
      network: await createSoftswitchServer({ auth: DEV }),
      compute: createThreadpoolServer({ auth: DEV }),
      access: createShapedaccessServer({ auth: DEV }),
    };
    for (const [name, server] of Object.entries(started)) {
      servers.push(server);
      addresses[name] = await server.listen("127.0.0.1:0");
    }
    controls = await connectControls(Object.fromEntries(Object.entries(addresses).map(([k, v]) => [k, [v]])), OPERATOR);
  }, 60_000);

  afterAll(async () => {
    for (const c of controls ?? []) c.close();
    for (const server of servers) await server.shutdown(200);
  });

  it("should limit a tenant's storage to a fraction of its rate through SetQosPolicy, keep a lower prior limit, and set the prior policy back", async () => {
    const b = connect(addresses.storage!, { services: STORAGE_SERVICES, auth: { tenant: "tenant-b" } });
    const target = { tenantId: "tenant-b" };
    await b.qos.setQosPolicy(storage.SetQosPolicyRequest.fromPartial({ policy: { target, maxIops: 500n, maxBandwidthBytesPerSecond: 1n << 30n } }));
    const calls = await control(core.Layer.LAYER_STORAGE).limit("tenant-b", LOAD);
    expect(calls.map((c) => [c.rpc, c.statusCode, c.limit])).toEqual([["strata.storage.v1.QosService/SetQosPolicy", status.OK, { opsPerSecond: 200 }]]);
    expect((await b.qos.getQosPolicy({ target })).policy).toMatchObject({ maxIops: 200n, maxBandwidthBytesPerSecond: 1n << 30n, priority: storage.Priority.PRIORITY_LOW });
    // Stepped down, never under the floor (2 IOPS), nothing sent where the limit is already that low.
    const storageControl = control(core.Layer.LAYER_STORAGE);
    expect((await storageControl.tighten!("tenant-b", { opsPerSecond: 100 })).map((c) => [c.statusCode, c.limit, c.undo])).toEqual([[status.OK, { opsPerSecond: 100 }, undefined]]);
    expect((await storageControl.tighten!("tenant-b", { opsPerSecond: 1 })).map((c) => c.limit)).toEqual([{ opsPerSecond: 2 }]);
    expect((await b.qos.getQosPolicy({ target })).policy).toMatchObject({ maxIops: 2n, maxBandwidthBytesPerSecond: 1n << 30n, priority: storage.Priority.PRIORITY_LOW });
    expect(await storageControl.tighten!("tenant-b", { opsPerSecond: 1 })).toEqual([]);
    expect((await undoAll(calls)).map((c) => c.statusCode)).toEqual([status.OK]);
    expect((await b.qos.getQosPolicy({ target })).policy).toMatchObject({ maxIops: 500n, priority: storage.Priority.PRIORITY_UNSPECIFIED });

    const favour = await control(core.Layer.LAYER_STORAGE).favour!("tenant-a");
    const a = connect(addresses.storage!, { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
    expect((await a.qos.getQosPolicy({ target: { tenantId: "tenant-a" } })).policy?.priority).toBe(storage.Priority.PRIORITY_CRITICAL);
    await undoAll(favour);
    expect(await codeOf(a.qos.getQosPolicy({ target: { tenantId: "tenant-a" } }))).toBe(status.NOT_FOUND);
    a.close();
    b.close();
  });

  it("should cap each of the tenant's LAN QoS classes through SetQosClass and set them back", async () => {
    const b = connect(addresses.network!, { services: NETWORK_SERVICES, auth: { tenant: "tenant-b" } });
    const { qosClass } = await b.qosClasses.setQosClass(network.SetQosClassRequest.fromPartial({ qosClass: { name: "bulk", workload: { applicationId: "batch" } } }));
    const calls = await control(core.Layer.LAYER_NETWORK).limit("tenant-b", LOAD);
    expect(calls.map((c) => [c.rpc, c.statusCode, c.limit])).toEqual([["strata.network.v1.QosService/SetQosClass", status.OK, { bytesPerSecond: 2_000_000 }]]);
    expect((await b.qosClasses.getQosClass({ qosClassId: qosClass!.qosClassId })).qosClass?.maxBandwidthBytesPerSecond).toBe(2_000_000n);
    const lanControl = control(core.Layer.LAYER_NETWORK);
    expect((await lanControl.tighten!("tenant-b", { bytesPerSecond: 1_000_000 })).map((c) => [c.statusCode, c.limit])).toEqual([[status.OK, { bytesPerSecond: 1_000_000 }]]);
    expect((await lanControl.tighten!("tenant-b", { bytesPerSecond: 1000 })).map((c) => c.limit)).toEqual([{ bytesPerSecond: 64 * 1024 }]);
    expect(await lanControl.tighten!("tenant-b", { bytesPerSecond: 1000 })).toEqual([]);
    await undoAll(calls);
    expect((await b.qosClasses.getQosClass({ qosClassId: qosClass!.qosClassId })).qosClass?.maxBandwidthBytesPerSecond).toBe(0n);
    expect(await control(core.Layer.LAYER_NETWORK).limit("tenant-without-classes", LOAD)).toEqual([]);
    b.close();
  });

  it("should give a tenant few CPU shares through SetCpuPolicy and shape its access through SetShapingPolicy, then delete what it created", async () => {
    const cpu = connect(addresses.compute!, { services: COMPUTE_SERVICES, auth: { tenant: "tenant-b" } });
    const shaping = connect(addresses.access!, { services: ACCESS_SERVICES, auth: { tenant: "tenant-b" } });
    const cpuCalls = await control(core.Layer.LAYER_COMPUTE).limit("tenant-b", LOAD);
    expect((await cpu.cpuPolicies.getCpuPolicy({ target: { tenantId: "tenant-b" } })).policy?.cpuShares).toBe(10);
    const accessCalls = await control(core.Layer.LAYER_ACCESS).limit("tenant-b", LOAD);
    expect((await shaping.shaping.getShapingPolicy({ tenantId: "tenant-b" })).policy).toMatchObject({ maxRequestsPerSecond: 200, burstRequests: 200 });
    expect((await control(core.Layer.LAYER_ACCESS).tighten!("tenant-b", { opsPerSecond: 100 })).map((c) => [c.statusCode, c.limit])).toEqual([[status.OK, { opsPerSecond: 100 }]]);
    expect((await shaping.shaping.getShapingPolicy({ tenantId: "tenant-b" })).policy).toMatchObject({ maxRequestsPerSecond: 100, burstRequests: 100 });
    expect(await control(core.Layer.LAYER_ACCESS).tighten!("tenant-b", { opsPerSecond: 1 })).toHaveLength(1);
    expect(await control(core.Layer.LAYER_ACCESS).tighten!("tenant-b", { opsPerSecond: 1 })).toEqual([]);
    expect([...cpuCalls, ...accessCalls].map((c) => [c.rpc, c.statusCode])).toEqual([
      ["strata.compute.v1.CpuPolicyService/SetCpuPolicy", status.OK], ["strata.access.v1.ShapingService/SetShapingPolicy", status.OK],
    ]);
    expect((await undoAll([...cpuCalls, ...accessCalls])).map((c) => c.rpc)).toEqual([
      "strata.compute.v1.CpuPolicyService/DeleteCpuPolicy", "strata.access.v1.ShapingService/DeleteShapingPolicy",
    ]);
    expect(await codeOf(cpu.cpuPolicies.getCpuPolicy({ target: { tenantId: "tenant-b" } }))).toBe(status.NOT_FOUND);
    expect(await codeOf(shaping.shaping.getShapingPolicy({ tenantId: "tenant-b" }))).toBe(status.NOT_FOUND);
    cpu.close();
    shaping.close();
  });
});
