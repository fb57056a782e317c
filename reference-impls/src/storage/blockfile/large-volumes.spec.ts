import { rpc } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVolume, outcome, pattern, removeDataDir, startBlockfile, type RunningBlockfile } from "./fixtures/start-blockfile.js";

const TiB = 1n << 40n;

describe("createBlockfileServer() large thin volumes", () => {
  let running: RunningBlockfile;

  beforeAll(async () => {
    running = await startBlockfile();
  });
  afterAll(async () => {
    await running.stop();
    await removeDataDir(running.dataDir);
  });

  it("should refuse a volume or an expansion past the filesystem's largest file with OUT_OF_RANGE naming capacity_bytes", async () => {
    const { client } = running;
    const refused = { code: rpc.Code.OUT_OF_RANGE, reasonName: "ERROR_REASON_OUT_OF_BOUNDS", retryDelayMs: undefined };
    expect(await outcome(createVolume(client, "too-big", { capacityBytes: 1n << 62n }))).toEqual(refused);
    const { volumeId } = await createVolume(client, "grows");
    expect(await outcome(client.volumes.expandVolume({ volumeId, capacityBytes: 1n << 62n }))).toEqual(refused);
    const error = await client.volumes.createVolume({
      name: "too-big", workload: { tenantId: "", applicationId: "app", component: "" }, capacityBytes: 1n << 62n, provisioning: 2, poolId: "", labels: {},
    }).catch((e: { fieldViolations: unknown }) => e);
    expect(error).toMatchObject({ fieldViolations: [{ field: "capacity_bytes" }] });
  });

  it("should declare its largest volume on the pool and serve a thin volume of exactly that size, up to its last byte", async () => {
    const { client } = running;
    const [pool] = (await client.placement.listPools({ page: undefined })).pools;
    const largest = pool!.maxVolumeBytes;
    expect(largest % 512n).toBe(0n);
    expect(largest).toBeGreaterThanOrEqual(TiB);
    expect(largest).toBeLessThanOrEqual(BigInt(Number.MAX_SAFE_INTEGER));
    expect(pool!.allocationUnitBytes).toBeGreaterThanOrEqual(512n);
    const { volumeId } = await createVolume(client, "largest", { capacityBytes: largest });
    const tail = pattern(5, 1);
    await client.block.write({ volumeId, offsetBytes: largest - 5n, data: tail, durable: false });
    expect((await client.block.read({ volumeId, offsetBytes: largest - 6n, lengthBytes: 6n })).data).toEqual(Buffer.concat([Buffer.alloc(1), tail]));
    expect(await outcome(createVolume(client, "past-largest", { capacityBytes: largest + 512n }))).toMatchObject({ code: rpc.Code.OUT_OF_RANGE });
    expect(await outcome(client.volumes.expandVolume({ volumeId, capacityBytes: largest + 512n })))
      .toMatchObject({ code: rpc.Code.OUT_OF_RANGE });
  });
});
