import { appendFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { core, rpc } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MiB, createVolume, outcome, pattern, removeDataDir, startBlockfile, type RunningBlockfile } from "./fixtures/start-blockfile.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";

const { PROVISIONING_THICK } = storage.Provisioning;

describe("createBlockfileServer()", () => {
  let running: RunningBlockfile;

  beforeAll(async () => {
    running = await startBlockfile({ capacityBytes: 8n * MiB });
  });
  afterAll(async () => {
    await running.stop();
    await removeDataDir(running.dataDir);
  });

  it("should declare thin provisioning, expansion, latency targets and durable writes, and not reservations", async () => {
    const { capabilities } = await running.client.identity.getCapabilities({});
    expect(capabilities.map((c) => c.feature).sort()).toEqual([
      core.Feature.FEATURE_STORAGE_THIN_PROVISIONING,
      core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION,
      core.Feature.FEATURE_STORAGE_QOS_LATENCY_TARGET,
      core.Feature.FEATURE_STORAGE_DURABLE_WRITES,
    ].sort());
  });

  it("should declare a limit of 1000 volumes per tenant by default", async () => {
    expect((await running.client.identity.getCapabilities({})).limits!.maxResourcesPerTenant).toBe(1000n);
  });

  it("should keep each volume in a sparse file of its capacity", async () => {
    const volume = await createVolume(running.client, "sparse");
    const file = await stat(join(running.dataDir, "volumes", `${volume.volumeId}.img`));
    expect(file.size).toBe(Number(MiB));
    expect(file.blocks).toBe(0);
  });

  it("should read back patterns at unaligned offsets and at the volume's end, zeros elsewhere", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "rw");
    const middle = pattern(70_001, 3);
    await client.block.write({ volumeId, offsetBytes: 65_533n, data: middle, durable: false });
    expect((await client.block.read({ volumeId, offsetBytes: 65_533n, lengthBytes: 70_001n })).data).toEqual(middle);
    const tail = pattern(7, 9);
    await client.block.write({ volumeId, offsetBytes: MiB - 7n, data: tail, durable: true });
    expect((await client.block.read({ volumeId, offsetBytes: MiB - 8n, lengthBytes: 8n })).data)
      .toEqual(Buffer.concat([Buffer.alloc(1), tail]));
    expect((await client.block.read({ volumeId, offsetBytes: 1n, lengthBytes: 4096n })).data).toEqual(Buffer.alloc(4096));
    expect((await client.block.read({ volumeId, offsetBytes: 0n, lengthBytes: 0n })).data).toEqual(Buffer.alloc(0));
  });

  it("should answer OUT_OF_RANGE for I/O past the end", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "bounds");
    expect(await outcome(client.block.read({ volumeId, offsetBytes: MiB - 1n, lengthBytes: 2n })))
      .toEqual({ code: rpc.Code.OUT_OF_RANGE, reasonName: "ERROR_REASON_OUT_OF_BOUNDS" });
    expect(await outcome(client.block.write({ volumeId, offsetBytes: MiB, data: Buffer.alloc(1), durable: false })))
      .toEqual({ code: rpc.Code.OUT_OF_RANGE, reasonName: "ERROR_REASON_OUT_OF_BOUNDS" });
  });

  it("should grow a thin volume's allocation with its writes, and report a thick one's in full", async () => {
    const { client } = running;
    const thin = await createVolume(client, "thin-growth");
    expect(thin.allocatedBytes).toBe(0n);
    await client.block.write({ volumeId: thin.volumeId, offsetBytes: 100n, data: pattern(5000, 1), durable: false });
    const afterOne = (await client.volumes.getVolume({ volumeId: thin.volumeId })).volume!.allocatedBytes;
    expect(afterOne).toBeGreaterThanOrEqual(5000n);
    await client.block.write({ volumeId: thin.volumeId, offsetBytes: 512n * 1024n, data: pattern(5000, 2), durable: false });
    expect((await client.volumes.getVolume({ volumeId: thin.volumeId })).volume!.allocatedBytes).toBeGreaterThan(afterOne);
    const thick = await createVolume(client, "thick", { provisioning: PROVISIONING_THICK });
    expect(thick.allocatedBytes).toBe(MiB);
  });

  it("should expand a volume online, keeping its data and growing its file", async () => {
    const { client, dataDir } = running;
    const { volumeId } = await createVolume(client, "grow");
    await client.block.write({ volumeId, offsetBytes: MiB - 3n, data: pattern(3, 5), durable: false });
    const { volume } = await client.volumes.expandVolume({ volumeId, capacityBytes: 2n * MiB });
    expect(volume!.capacityBytes).toBe(2n * MiB);
    expect((await stat(join(dataDir, "volumes", `${volumeId}.img`))).size).toBe(Number(2n * MiB));
    await client.block.write({ volumeId, offsetBytes: 2n * MiB - 2n, data: pattern(2, 6), durable: false });
    expect((await client.block.read({ volumeId, offsetBytes: MiB - 3n, lengthBytes: 3n })).data).toEqual(pattern(3, 5));
    expect((await client.block.read({ volumeId, offsetBytes: 2n * MiB - 2n, lengthBytes: 2n })).data).toEqual(pattern(2, 6));
  });

  it("should delete a volume's file, idempotently", async () => {
    const { client, dataDir } = running;
    const { volumeId } = await createVolume(client, "doomed");
    for (let i = 0; i < 3; i++) await client.volumes.deleteVolume({ volumeId });
    expect(await readdir(join(dataDir, "volumes"))).not.toContain(`${volumeId}.img`);
  });

  it("should report the file as the LUN and the filesystem as the device, with their latency", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "placed");
    for (let i = 0; i < 3; i++) await client.block.write({ volumeId, offsetBytes: BigInt(i * 4096), data: pattern(4096, i), durable: false });
    const placement = await client.placement.getPlacement({ volumeId });
    expect(placement.pool).toMatchObject({ poolId: "pool-blockfile-0", capacityBytes: 8n * MiB });
    expect(placement.luns).toHaveLength(1);
    const [lun] = placement.luns;
    expect(lun).toMatchObject({ lunId: `volumes/${volumeId}.img`, sizeBytes: MiB, deviceIds: [placement.devices[0]!.deviceId] });
    expect(lun!.latency!.ops).toBe(3n);
    expect(lun!.latency!.meanLatencyNs).toBeGreaterThan(0n);
    expect(lun!.latency!.maxLatencyNs).toBeGreaterThanOrEqual(lun!.latency!.meanLatencyNs);
    expect(placement.devices).toHaveLength(1);
    const [device] = placement.devices;
    expect(device!.deviceId).toMatch(/^dev-\d+:\d+$/);
    expect(device!.kind).toBe(storage.DeviceKind.DEVICE_KIND_HOST_FILESYSTEM);
    expect(device!.capacityBytes).toBeGreaterThan(0n);
    expect(device!.latency!.ops).toBeGreaterThanOrEqual(3n);
    const { pools } = await client.placement.listPools({ page: undefined });
    expect(pools.map((p) => p.deviceIds)).toEqual([[device!.deviceId]]);
  });

  it("should name its pool and device without any host path", async () => {
    const { client, dataDir } = running;
    const { volumeId } = await createVolume(client, "no-paths");
    const { pool, devices } = await client.placement.getPlacement({ volumeId });
    for (const text of [pool!.name, ...devices.map((d) => d.description)]) {
      expect(text).not.toContain(dataDir);
      expect(text).not.toContain("/");
    }
    expect(pool!.name).toBe("filesystem pool");
  });
});

describe("createBlockfileServer() pool capacity", () => {
  let running: RunningBlockfile;

  beforeAll(async () => {
    running = await startBlockfile({ capacityBytes: MiB });
  });
  afterAll(async () => {
    await running.stop();
    await removeDataDir(running.dataDir);
  });

  it("should refuse a thick volume or expansion the pool cannot hold with CAPACITY_EXHAUSTED", async () => {
    const { client } = running;
    const exhausted = { code: rpc.Code.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_CAPACITY_EXHAUSTED", retryDelayMs: undefined };
    expect(await outcome(createVolume(client, "too-big", { provisioning: PROVISIONING_THICK, capacityBytes: 2n * MiB }))).toEqual(exhausted);
    const { volumeId } = await createVolume(client, "half", { provisioning: PROVISIONING_THICK, capacityBytes: MiB / 2n });
    expect(await outcome(client.volumes.expandVolume({ volumeId, capacityBytes: 2n * MiB }))).toEqual(exhausted);
    await client.volumes.deleteVolume({ volumeId });
  });

  it("should refuse a thin write once the pool is full, and still take rewrites", async () => {
    const { client } = running;
    const { volumeId } = await createVolume(client, "filler", { capacityBytes: 4n * MiB });
    const chunk = 64 * 1024;
    let written = 0;
    let refused: Awaited<ReturnType<typeof outcome>> | undefined;
    while (!refused && written < 4 * 1024 * 1024) {
      const result = await outcome(client.block.write({ volumeId, offsetBytes: BigInt(written), data: pattern(chunk, written), durable: false }));
      if (result.code === rpc.Code.OK) written += chunk;
      else refused = result;
    }
    expect(refused).toEqual({ code: rpc.Code.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_CAPACITY_EXHAUSTED", retryDelayMs: undefined });
    expect(BigInt(written)).toBeLessThanOrEqual(MiB);
    expect(BigInt(written)).toBeGreaterThan(MiB - 2n * BigInt(chunk));
    expect(await outcome(client.block.write({ volumeId, offsetBytes: 0n, data: pattern(chunk, 1), durable: false })))
      .toEqual({ code: rpc.Code.OK });
    const { pools } = await client.placement.listPools({ page: undefined });
    expect(pools[0]!.allocatedBytes).toBeLessThanOrEqual(pools[0]!.capacityBytes);
  });
});

describe("createBlockfileServer() restart", () => {
  it("should keep acknowledged data, volumes, mappings and policies across a restart", async () => {
    const first = await startBlockfile();
    const { client, dataDir } = first;
    try {
      const thin = await createVolume(client, "durable");
      const thick = await createVolume(client, "durable-thick", { provisioning: PROVISIONING_THICK, labels: { tier: "gold" } });
      const data = pattern(10_007, 42);
      await client.block.write({ volumeId: thin.volumeId, offsetBytes: 12_345n, data, durable: true });
      await client.block.write({ volumeId: thick.volumeId, offsetBytes: MiB - 1n, data: Buffer.from([7]), durable: true });
      await client.mappings.mapVolume({ volumeId: thin.volumeId, hostId: "host-a" });
      await client.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId: thin.volumeId }, maxIops: 5000n }) });
      await client.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { tenantId: "t1" }, maxBandwidthBytesPerSecond: 1n << 30n }) });
      const listAll = async (c: typeof client) => ({
        volumes: (await c.volumes.listVolumes({ page: undefined, applicationId: "" })).volumes,
        mappings: (await c.mappings.listMappings({ page: undefined, volumeId: "", hostId: "" })).mappings,
        policies: (await c.qos.listQosPolicies({ page: undefined })).policies,
      });
      const before = await listAll(client);
      const pool = (await client.placement.listPools({ page: undefined })).pools[0]!;
      await first.stop();
      // A file no catalogue names (a create that crashed before it was acknowledged) goes at restart.
      await writeFile(join(dataDir, "volumes", "vol-orphan.img"), "x");

      const second = await startBlockfile({ dataDir });
      try {
        const read = await second.client.block.read({ volumeId: thin.volumeId, offsetBytes: 12_345n, lengthBytes: 10_007n });
        expect(read.data).toEqual(data);
        expect((await second.client.block.read({ volumeId: thick.volumeId, offsetBytes: MiB - 2n, lengthBytes: 2n })).data)
          .toEqual(Buffer.from([0, 7]));
        expect(await listAll(second.client)).toEqual(before);
        expect((await second.client.placement.listPools({ page: undefined })).pools[0]!.allocatedBytes).toBe(pool.allocatedBytes);
        expect(await readdir(join(dataDir, "volumes"))).not.toContain("vol-orphan.img");
      } finally {
        await second.stop();
      }
    } finally {
      await removeDataDir(dataDir);
    }
  });
});

describe("createBlockfileServer() restart after many changes", () => {
  const allVolumes = async (client: RunningBlockfile["client"]) => {
    const volumes: storage.Volume[] = [];
    let pageToken = "";
    do {
      const page = await client.volumes.listVolumes({ page: { pageSize: 100, pageToken }, applicationId: "" });
      volumes.push(...page.volumes);
      pageToken = page.page!.nextPageToken;
    } while (pageToken);
    return volumes;
  };

  it("should come back with every acknowledged change after more changes than one journal holds, a torn record left by a crash ignored", async () => {
    const first = await startBlockfile();
    const { client, dataDir } = first;
    try {
      const kept = new Map<string, string>();
      for (let i = 0; i < 1200; i++) {
        const { volumeId, name } = await createVolume(client, `v${i}`, { capacityBytes: 4096n });
        if (i % 4 === 0) await client.volumes.deleteVolume({ volumeId });
        else kept.set(volumeId, name);
      }
      const before = await allVolumes(client);
      await first.stop();
      // A crash while the next record was being written leaves part of it.
      await appendFile(join(dataDir, "catalog.journal"), '1201 0123abcd {"putVolume":{"volumeId":"vol-tor');

      const second = await startBlockfile({ dataDir });
      try {
        const after = await allVolumes(second.client);
        expect(after).toEqual(before);
        expect(new Map(after.map((v) => [v.volumeId, v.name]))).toEqual(kept);
        await createVolume(second.client, "after-restart", { capacityBytes: 4096n });
      } finally {
        await second.stop();
      }
      const third = await startBlockfile({ dataDir });
      try {
        const names = (await allVolumes(third.client)).map((v) => v.name);
        expect(names).toHaveLength(kept.size + 1);
        expect(names).toContain("after-restart");
      } finally {
        await third.stop();
      }
    } finally {
      await removeDataDir(dataDir);
    }
  }, 60_000);
});
