import { describe, expect, it } from "vitest";
import { loadStackConfig, type StackConfig } from "./stack-config.js";
import { runSwapDemo, shapeDifferences, SWAP } from "./swap-demo.js";

const CONFIG: StackConfig = {
  ...loadStackConfig(),
  sampleIntervalMs: 100,
  settleMs: 1000,
  tenants: [{ id: "tenant-a", applications: ["shop"] }, { id: "tenant-b", applications: ["bank"] }],
  workload: { rate: 0, durationSeconds: 1, concurrency: 2, devicesPerApplication: 1, payloadBytes: 64 },
};

describe("runSwapDemo()", () => {
  it("should keep the hub's answers the same shape when storage and the LAN are swapped between runs by config alone", async () => {
    const lines: string[] = [];
    const result = await runSwapDemo(CONFIG, { log: (line) => lines.push(line) });
    expect(result.differences).toEqual([]);
    expect(result.sameShape).toBe(true);
    expect(Object.keys(result.before).sort()).toEqual(["tenant-a/shop", "tenant-b/bank"]);
    for (const shape of Object.values(result.after)) {
      expect(shape.breakdownLayers).toEqual(["access", "compute", "device", "fabric", "network", "storage"]);
      expect(shape.nodeKinds).toEqual(expect.arrayContaining(["storage.volume", "network.endpoint", "compute.instance", "fabric.port", "access.entry_point", "device.device"]));
    }
    expect(lines.join("\n")).toContain(`storage ${SWAP.storage}, network ${SWAP.network}`);
  }, 180_000);

  it("should name each difference of shape, application by application", () => {
    const shape = { breakdownLayers: ["device"], nodeKinds: ["device.device"], judged: true };
    expect(shapeDifferences({ "t/a": shape, "t/b": shape }, { "t/a": { ...shape, nodeKinds: [] } })).toEqual([
      `t/a: nodeKinds ["device.device"] → []`, "t/b: missing after the swap",
    ]);
  });
});
