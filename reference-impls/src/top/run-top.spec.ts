import { compute } from "@strata/sdk/compute";
import { render } from "ink-testing-library";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../hub/fixtures/eventually.js";
import { HubStack } from "../hub/fixtures/hub-stack.js";
import { runTop } from "./run-top.js";

describe("runTop()", () => {
  const stack = new HubStack();

  beforeAll(async () => {
    await stack.start();
    const operator = stack.hubClient("ops", ["operator"]);
    await eventually(async () => ((await operator.identity.probe({})).ready ? true : undefined), 10_000, "the hub to be ready");
    // Until every stream synced the hub was disturbed: transactions within a settle window after are incomplete.
    await sleep(400);
  }, 30_000);

  afterAll(() => stack.stop());

  it("should render a frame of a real hub over loopback: the tenant's application, its end-to-end p99, its split by layer and its counts", async () => {
    const computeA = stack.computeClient("tenant-a");
    const { instance } = await computeA.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "top-1", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    await stack.volumeFor("tenant-a", "top-digests");
    const controller = new AbortController();
    let screen: ReturnType<typeof render> | undefined;
    const running = runTop({
      hub: stack.hubAddress, auth: { tenant: "ops", roles: ["operator"] }, frameMs: 20, signal: controller.signal,
      render: (node) => (screen = render(node)),
    });
    try {
      // Executes that write to storage: one transaction each, rooted in compute with a storage hop.
      for (let i = 0; i < 5; i++) {
        await computeA.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: instance!.instanceId, hash: { sizeBytes: 64n, seed: Buffer.from(`top-${i}`) } }));
      }
      const frame = await eventually(async () => {
        const text = screen?.lastFrame() ?? "";
        return /shop\s+\d[\d.]* [nµm]?s/.test(text) && /\b5\s+0\b/.test(text) ? text : undefined;
      }, 15_000, "a frame with shop's p99 and its 5 complete transactions");
      expect(frame).toContain(`strata top — hub ${stack.hubAddress}`);
      expect(frame).toContain("stream live");
      expect(frame).toContain("tenant tenant-a");
      expect(frame).toMatch(/application\s+e2e p99\s+compute\s+storage\s+complete\s+incomplete/);
    } finally {
      controller.abort();
      await running;
    }
  }, 40_000);
});
