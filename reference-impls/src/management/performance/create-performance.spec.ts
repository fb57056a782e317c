import { compute } from "@strata/sdk/compute";
import { core, type management } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubStack } from "../../hub/fixtures/hub-stack.js";
import { createPerformance, type Performance } from "./create-performance.js";

const OPERATOR = { tenant: "ops", roles: ["operator"] };
const INTERVAL_MS = 200; // the hub's breakdown interval in the stack
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createPerformance()", () => {
  const stack = new HubStack();
  let performance: Performance;
  const raised: Array<{ at: number; anomaly: management.Anomaly }> = [];
  let running = true;
  let workload: Promise<void> = Promise.resolve();
  let volumeId = "";

  beforeAll(async () => {
    await stack.start(300);
    const client = stack.computeClient("tenant-a");
    const { instance } = await client.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "web", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    volumeId = await stack.volumeFor("tenant-a");
    performance = createPerformance({ hub: { address: stack.hubAddress, auth: OPERATOR }, onAnomaly: (anomaly) => raised.push({ at: Date.now(), anomaly }) });
    await performance.synced;
    // A steady workload: one Execute (compute, then a storage write) every 20 ms, several transactions per interval.
    workload = (async () => {
      for (let i = 0; running; i++) {
        await client.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: instance!.instanceId, hash: { sizeBytes: 256n, seed: Buffer.from(`s${i}`) } }));
        await sleep(20);
      }
    })();
  }, 60_000);

  afterAll(async () => {
    running = false;
    await workload;
    await performance?.stop();
    await stack.stop();
  });

  it("should learn baselines on a steady workload without raising, then flag latency injected into storage within a few intervals, naming storage", async () => {
    await sleep(4_000); // warm-up: 10 intervals learnt, then judged
    const steadyFrom = Date.now();
    await sleep(6_000);
    const falsePositives = raised.filter((r) => r.at >= steadyFrom).length;
    const steadyIntervals = Math.round((Date.now() - steadyFrom) / INTERVAL_MS);
    const baselines = performance.tracker.baselines("tenant-a", "shop");
    expect(baselines.map((b) => `${core.layerToJSON(b.layer)}/p${b.percentile}`)).toEqual(expect.arrayContaining([
      "LAYER_UNSPECIFIED/p99", "LAYER_STORAGE/p50", "LAYER_COMPUTE/p95",
    ]));

    // The fault: the storage layer's own QoS, through its standard RPC, caps the volume at 5 IOPS: each write now waits.
    const injectedAt = Date.now();
    await stack.storageClientOf("tenant-a").qos.setQosPolicy(storage.SetQosPolicyRequest.fromPartial({ policy: { target: { volumeId }, maxIops: 5n } }));
    const deadline = Date.now() + 15_000;
    while (!raised.some((r) => r.at >= injectedAt) && Date.now() < deadline) await sleep(50);
    const first = raised.find((r) => r.at >= injectedAt);
    expect(first, "no anomaly within 15 s of the fault").toBeDefined();
    const delayIntervals = Math.ceil((first!.at - injectedAt) / INTERVAL_MS);
    console.info(`performance: ${falsePositives} false positives in ${steadyIntervals} steady intervals; storage latency flagged after ${delayIntervals} intervals (${first!.at - injectedAt} ms), naming ${core.layerToJSON(first!.anomaly.layer)}`);
    expect(first!.anomaly).toMatchObject({ tenantId: "tenant-a", applicationId: "shop", layer: core.Layer.LAYER_STORAGE });
    expect(raised.filter((r) => r.at >= injectedAt).every((r) => r.anomaly.layer === core.Layer.LAYER_STORAGE)).toBe(true);
    expect(delayIntervals).toBeLessThanOrEqual(10);
    // A machine running twenty processes per core stretches a steady interval now and then: one false positive is tolerated.
    expect(falsePositives).toBeLessThanOrEqual(1);
  }, 60_000);
});
