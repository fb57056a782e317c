import { status } from "@grpc/grpc-js";
import { connect, type StrataError } from "@strata/sdk/client";
import { describe, expect, it } from "vitest";
import { createMemstoreServer } from "./create-memstore-server.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";

const MiB = 1n << 20n;

describe("createMemstoreServer() with two pools", () => {
  it("should place each volume on the pool it names, each pool with its own capacity, spindles and totals", async () => {
    const server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true }, poolCapacityBytes: 4n * MiB, pools: 2 });
    const a = connect(await server.listen("127.0.0.1:0"), { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
    const create = (name: string, poolId: string) => a.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
      name, workload: { applicationId: "app" }, capacityBytes: 3n * MiB, poolId, provisioning: storage.Provisioning.PROVISIONING_THICK,
    }));
    try {
      expect((await a.placement.listPools({ page: undefined })).pools.map((p) => p.poolId)).toEqual(["pool-mem-0", "pool-mem-1"]);
      const first = (await create("first", "")).volume!;
      const second = (await create("second", "pool-mem-1")).volume!;
      expect([first.poolId, second.poolId]).toEqual(["pool-mem-0", "pool-mem-1"]);
      // 3 MiB of 4 are taken on pool-mem-1: a second 3 MiB volume does not fit there.
      expect(await create("third", "pool-mem-1").catch((e: StrataError) => e)).toMatchObject({ code: status.RESOURCE_EXHAUSTED });
      const pools = (await a.placement.listPools({ page: undefined })).pools;
      expect(pools.map((p) => [p.poolId, p.allocatedBytes, p.provisionedBytes])).toEqual([["pool-mem-0", 3n * MiB, 3n * MiB], ["pool-mem-1", 3n * MiB, 3n * MiB]]);
      const placement = await a.placement.getPlacement({ volumeId: second.volumeId });
      expect(placement.devices.map((d) => d.deviceId)).toEqual(pools[1]!.deviceIds);
      expect(pools[1]!.deviceIds).not.toEqual(pools[0]!.deviceIds);
    } finally {
      a.close();
      await server.shutdown();
    }
  });
});
