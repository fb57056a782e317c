import { rpc } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StrataClients } from "@strata/sdk/client";
import { createVolume, outcome, removeDataDir, startBlockfile, type RunningBlockfile } from "./fixtures/start-blockfile.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";

/** Writes `count` blocks of `size` bytes one after the other; returns each completion's time and bytes, and the seconds taken. */
async function writeInSequence(client: StrataClients<typeof STORAGE_SERVICES>, volumeId: string, count: number, size: number) {
  const started = performance.now();
  const completions: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    await client.block.write({ volumeId, offsetBytes: BigInt(i * size), data: Buffer.alloc(size, i), durable: false });
    completions.push([performance.now(), size]);
  }
  return { completions, seconds: (performance.now() - started) / 1000 };
}

/** Completed operations (or bytes) in the busiest one-second window of a run. */
function busiestSecond(completions: Array<[number, number]>): number {
  let most = 0;
  for (const [start] of completions) {
    most = Math.max(most, completions.filter(([t]) => t >= start && t < start + 1000).reduce((sum, [, amount]) => sum + amount, 0));
  }
  return most;
}

describe("createBlockfileServer() QoS", () => {
  let running: RunningBlockfile;

  beforeAll(async () => {
    running = await startBlockfile();
  });
  afterAll(async () => {
    await running.stop();
    await removeDataDir(running.dataDir);
  });

  it("should hold max_iops within 10 % over any second", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "iops");
    await client.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId }, maxIops: 50n }) });
    const { completions, seconds } = await writeInSequence(client, volumeId, 75, 512);
    expect(completions.length / seconds).toBeLessThanOrEqual(1.1 * 50);
    expect(busiestSecond(completions.map(([t]) => [t, 1]))).toBeLessThanOrEqual(1.1 * 50);
  });

  it("should hold max_bandwidth_bytes_per_second within 10 % over any second", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "bandwidth");
    const limit = 256 * 1024;
    await client.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId }, maxBandwidthBytesPerSecond: BigInt(limit) }) });
    const { completions, seconds } = await writeInSequence(client, volumeId, 48, 8192);
    expect((48 * 8192) / seconds).toBeLessThanOrEqual(1.1 * limit);
    expect(busiestSecond(completions)).toBeLessThanOrEqual(1.1 * limit);
  });

  it("should apply the tenant's policy too, refusing what would wait too long with THROTTLED and a retry delay", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "tenant-limited");
    await client.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { tenantId: "t1" }, maxIops: 2n }) });
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        outcome(client.block.write({ volumeId, offsetBytes: BigInt(i), data: Buffer.from([i]), durable: false }))));
      const ok = results.filter((r) => r.code === rpc.Code.OK);
      const throttled = results.filter((r) => r.code !== rpc.Code.OK);
      // 2/s with a two-second bound: at most five pass (0.42 s, 0.92 s, ... 1.92 s), the rest are refused.
      expect(ok.length).toBeGreaterThanOrEqual(3);
      expect(ok.length).toBeLessThanOrEqual(5);
      for (const refused of throttled) {
        expect(refused).toMatchObject({ code: rpc.Code.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_THROTTLED" });
        expect(refused.retryDelayMs).toBeGreaterThan(0);
      }
    } finally {
      await client.qos.deleteQosPolicy({ target: { tenantId: "t1" } });
    }
  });

  it("should accept a latency target, which its device queue honours", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "latency-sla");
    const { policy } = await client.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({
      target: { volumeId }, latencyTargetNs: 2_000_000n, priority: storage.Priority.PRIORITY_CRITICAL,
    }) });
    expect(policy).toMatchObject({ latencyTargetNs: 2_000_000n, tenantId: "t1" });
    expect(await outcome(client.block.write({ volumeId, offsetBytes: 0n, data: Buffer.alloc(4096, 1), durable: true })))
      .toEqual({ code: rpc.Code.OK });
  });
});
