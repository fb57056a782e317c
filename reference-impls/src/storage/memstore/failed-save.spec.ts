import { status } from "@grpc/grpc-js";
import { connect, type StrataClients, type StrataError } from "@strata/sdk/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemstoreServer } from "./create-memstore-server.js";
import { createMemoryStateStore, storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import type { StateStore, StorageServer } from "@strata/sdk/storage";

const MiB = 1n << 20n;
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);

/** A memory store whose writes fail while `broken` is set, as a full or failing disk makes them. */
function createBreakableStore(): StateStore & { broken: boolean } {
  const store = createMemoryStateStore();
  const failing = () => Promise.reject(new Error("disk failed"));
  const breakable = {
    broken: false,
    load: () => store.load(),
    append: (change: string) => (breakable.broken ? failing() : store.append(change)),
    compact: (snapshot: string) => (breakable.broken ? failing() : store.compact(snapshot)),
  };
  return breakable;
}

describe("createMemstoreServer() when the catalogue cannot be saved", () => {
  const store = createBreakableStore();
  let server: StorageServer;
  let client: StrataClients<typeof STORAGE_SERVICES>;

  const create = (name: string, capacityBytes = MiB) => client.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
    name, workload: { applicationId: "app" }, capacityBytes, provisioning: storage.Provisioning.PROVISIONING_THICK,
  }));
  const listVolumes = async () => (await client.volumes.listVolumes({ page: undefined, applicationId: "" })).volumes;
  const allocated = async () => (await client.placement.listPools({ page: undefined })).pools[0]!.allocatedBytes;
  /** Runs a call with saves failing: it must answer INTERNAL. */
  const whileBroken = async (call: () => Promise<unknown>) => {
    store.broken = true;
    try {
      expect(await codeOf(call())).toBe(status.INTERNAL);
    } finally {
      store.broken = false;
    }
  };

  beforeAll(async () => {
    server = await createMemstoreServer({
      auth: { insecureDevelopmentMode: true }, stateStore: store, poolCapacityBytes: 8n * MiB, onInternalError: () => undefined,
    });
    client = connect(await server.listen("127.0.0.1:0"), { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
  });
  afterAll(async () => {
    client.close();
    await server.shutdown();
  });

  it("should leave no volume and no reserved space behind a create it could not save", async () => {
    await whileBroken(() => create("unsaved", 8n * MiB));
    expect(await listVolumes()).toEqual([]);
    expect(await allocated()).toBe(0n);
    const { volume } = await create("unsaved", 8n * MiB); // the whole pool is still free
    await client.volumes.deleteVolume({ volumeId: volume!.volumeId });
  });

  it("should keep a volume's size and the pool's space behind an expansion it could not save", async () => {
    const { volume } = await create("grows");
    await whileBroken(() => client.volumes.expandVolume({ volumeId: volume!.volumeId, capacityBytes: 2n * MiB }));
    expect((await client.volumes.getVolume({ volumeId: volume!.volumeId })).volume!.capacityBytes).toBe(MiB);
    expect(await allocated()).toBe(MiB);
    await client.volumes.deleteVolume({ volumeId: volume!.volumeId });
  });

  it("should keep a volume and its data behind a delete it could not save", async () => {
    const { volume } = await create("kept");
    const { volumeId } = volume!;
    await client.block.write({ volumeId, offsetBytes: 0n, data: Buffer.from([1, 2, 3]), durable: false });
    await whileBroken(() => client.volumes.deleteVolume({ volumeId }));
    expect((await client.block.read({ volumeId, offsetBytes: 0n, lengthBytes: 3n })).data).toEqual(Buffer.from([1, 2, 3]));
    await client.volumes.deleteVolume({ volumeId });
  });

  it("should keep mappings and policies as they were behind changes it could not save", async () => {
    const { volume } = await create("mapped");
    const { volumeId } = volume!;
    await whileBroken(() => client.mappings.mapVolume({ volumeId, hostId: "host-1" }));
    expect((await client.mappings.listMappings({ page: undefined, volumeId: "", hostId: "" })).mappings).toEqual([]);
    await whileBroken(() => client.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId }, maxIops: 10n }) }));
    expect(await codeOf(client.qos.getQosPolicy({ target: { volumeId } }))).toBe(status.NOT_FOUND);
    await client.mappings.mapVolume({ volumeId, hostId: "host-1" });
    await whileBroken(() => client.mappings.unmapVolume({ volumeId, hostId: "host-1" }));
    expect((await client.mappings.listMappings({ page: undefined, volumeId: "", hostId: "" })).mappings).toHaveLength(1);
  });

  it("should come back after a restart with exactly what it acknowledged", async () => {
    const before = await listVolumes();
    const again = await createMemstoreServer({ auth: { insecureDevelopmentMode: true }, stateStore: store });
    try {
      expect([...again.kit.catalog.volumes.values()].map((v) => v.volumeId).sort()).toEqual(before.map((v) => v.volumeId).sort());
    } finally {
      await again.shutdown();
    }
  });
});
