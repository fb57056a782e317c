import { connect, type StrataClients } from "@strata/sdk/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemstoreServer } from "./create-memstore-server.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import type { StorageServer } from "@strata/sdk/storage";

/** The largest capacity the contract allows: the largest multiple of 512 a uint64 holds. */
const LARGEST_CAPACITY = (1n << 64n) - 512n;

describe("createMemstoreServer() byte addressing", () => {
  let server: StorageServer;
  let client: StrataClients<typeof STORAGE_SERVICES>;
  let volumeId: string;

  beforeAll(async () => {
    server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true } });
    client = connect(await server.listen("127.0.0.1:0"), { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
    ({ volumeId } = (await client.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
      name: "huge", workload: { applicationId: "app" }, capacityBytes: LARGEST_CAPACITY, provisioning: storage.Provisioning.PROVISIONING_THIN,
    }))).volume!);
  });
  afterAll(async () => {
    client.close();
    await server.shutdown();
  });

  const write = (offsetBytes: bigint, data: number[]) => client.block.write({ volumeId, offsetBytes, data: Buffer.from(data), durable: false });
  const read = async (offsetBytes: bigint, length: number) =>
    [...(await client.block.read({ volumeId, offsetBytes, lengthBytes: BigInt(length) })).data];

  it("should keep neighbouring bytes apart above 2^53, where a JS number can no longer tell them apart", async () => {
    const base = 1n << 53n;
    await write(base, [1]);
    await write(base + 1n, [2]);
    await write(base + 3n, [4]);
    expect(await read(base - 1n, 6)).toEqual([0, 1, 2, 0, 4, 0]);
  });

  it("should address the last bytes of the largest volume the contract allows, and no further", async () => {
    await write(LARGEST_CAPACITY - 3n, [7, 8, 9]);
    expect(await read(LARGEST_CAPACITY - 4n, 4)).toEqual([0, 7, 8, 9]);
    // Distinct pages at the top of the range stay distinct from those at its bottom.
    expect(await read(0n, 4)).toEqual([0, 0, 0, 0]);
    await expect(write(LARGEST_CAPACITY - 1n, [1, 2])).rejects.toMatchObject({ code: 11 /* OUT_OF_RANGE */ });
  });
});

describe("createMemstoreServer() pool totals", () => {
  it("should keep answering ListPools and GetPlacement when thin volumes provision more than a uint64 holds", async () => {
    const server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true } });
    const address = await server.listen("127.0.0.1:0");
    const a = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
    const operator = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    try {
      const huge = (name: string) => a.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
        name, workload: { applicationId: "app" }, capacityBytes: 1n << 63n, provisioning: storage.Provisioning.PROVISIONING_THIN,
      })).then((r) => r.volume!);
      const [first] = [await huge("half-1"), await huge("half-2"), await huge("half-3")];
      const { pools } = await operator.placement.listPools({ page: undefined });
      expect(pools[0]!.provisionedBytes).toBe((1n << 64n) - 1n); // saturated, never wrapped
      expect((await a.placement.getPlacement({ volumeId: first!.volumeId })).pool!.provisionedBytes).toBe((1n << 64n) - 1n);
    } finally {
      a.close();
      operator.close();
      await server.shutdown();
    }
  });
});
