import { describe, expect, it } from "vitest";
import { createVolume, removeDataDir, startBlockfile } from "./fixtures/start-blockfile.js";

describe("createBlockfileServer() with a device model", () => {
  it("should hold each I/O's device slot for the model's service time, so that concurrent writes queue, and declare the model on its device", async () => {
    // One slot of 30 ms an I/O: four writes at once take four service times at least, however fast the host's disk.
    const running = await startBlockfile({ deviceQueueDepth: 1, deviceModel: { accessNs: 30_000_000, bytesPerSecond: 1e9 } });
    try {
      const { client } = running;
      const { volumeId } = await createVolume(client, "slow");
      const started = performance.now();
      await Promise.all([0n, 1n, 2n, 3n].map((i) => client.block.write({ volumeId, offsetBytes: i * 4096n, data: Buffer.alloc(4096, 1), durable: false })));
      expect(performance.now() - started).toBeGreaterThanOrEqual(4 * 30);
      const { devices } = await client.placement.getPlacement({ volumeId });
      expect(devices[0]!.description).toMatch(/paced as a disk of 30 ms access and 1000 MB\/s per I\/O in flight$/);
    } finally {
      await running.stop();
      await removeDataDir(running.dataDir);
    }
  });
});
