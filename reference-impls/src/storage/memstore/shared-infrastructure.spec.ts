import { connect, type StrataClients } from "@strata/sdk/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemstoreServer } from "./create-memstore-server.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import type { StorageServer } from "@strata/sdk/storage";

const MiB = 1n << 20n;
type Clients = StrataClients<typeof STORAGE_SERVICES>;

/** What tenant B can read of the shared pool, its devices and a host: none of it may move with tenant A's activity. */
describe("createMemstoreServer() shared infrastructure", () => {
  let server: StorageServer;
  let a: Clients;
  let b: Clients;
  let operator: Clients;

  const create = (clients: Clients, name: string, provisioning = storage.Provisioning.PROVISIONING_THIN) =>
    clients.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({ name, workload: { applicationId: "app" }, capacityBytes: 4n * MiB, provisioning }))
      .then((r) => r.volume!);
  const pool = async (clients: Clients) => (await clients.placement.listPools({ page: undefined })).pools[0]!;

  beforeAll(async () => {
    server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true } });
    const address = await server.listen("127.0.0.1:0");
    a = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
    b = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "tenant-b" } });
    operator = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
  });
  afterAll(async () => {
    for (const c of [a, b, operator]) c.close();
    await server.shutdown();
  });

  it("should count in a tenant's pool totals only its own volumes, and every tenant's for the operator", async () => {
    const own = await create(b, "b-own");
    await b.block.write({ volumeId: own.volumeId, offsetBytes: 0n, data: Buffer.alloc(4096, 1), durable: false });
    const before = await pool(b);
    const thick = await create(a, "a-thick", storage.Provisioning.PROVISIONING_THICK);
    const thin = await create(a, "a-thin");
    await a.block.write({ volumeId: thin.volumeId, offsetBytes: 0n, data: Buffer.alloc(4096, 2), durable: false });
    expect(await pool(b)).toEqual(before);
    expect(before).toMatchObject({ allocatedBytes: 65_536n, provisionedBytes: 4n * MiB });
    expect(await pool(a)).toMatchObject({ allocatedBytes: 4n * MiB + 65_536n, provisionedBytes: 8n * MiB });
    const all = await pool(operator);
    expect(all.allocatedBytes).toBeGreaterThanOrEqual(4n * MiB + 2n * 65_536n);
    expect(all.capacityBytes).toBe(before.capacityBytes);
    for (const volumeId of [thick.volumeId, thin.volumeId, own.volumeId]) await operator.volumes.deleteVolume({ volumeId });
  });

  it("should show a tenant the device latency of its own I/O only, and the operator everyone's", async () => {
    const own = await create(b, "b-quiet");
    const busy = await create(a, "a-busy");
    const deviceOps = async (clients: Clients, volumeId: string) =>
      (await clients.placement.getPlacement({ volumeId })).devices.reduce((sum, d) => sum + d.latency!.ops, 0n);
    const quiet = await deviceOps(b, own.volumeId);
    for (let i = 0; i < 20; i++) await a.block.write({ volumeId: busy.volumeId, offsetBytes: BigInt(i) * 65_536n, data: Buffer.alloc(512), durable: false });
    expect(await deviceOps(b, own.volumeId)).toBe(quiet);
    expect(await deviceOps(a, busy.volumeId)).toBeGreaterThanOrEqual(20n);
    expect(await deviceOps(operator, own.volumeId)).toBeGreaterThanOrEqual(quiet + 20n);
    await b.block.write({ volumeId: own.volumeId, offsetBytes: 0n, data: Buffer.alloc(512), durable: false });
    expect(await deviceOps(b, own.volumeId)).toBe(quiet + 1n);
  });

  it("should number LUNs per tenant on a host, so a tenant's LUN says nothing of another's mappings", async () => {
    for (let i = 0; i < 3; i++) {
      const { volumeId } = await create(a, `a-mapped-${i}`);
      expect((await a.mappings.mapVolume({ volumeId, hostId: "shared-host" })).mapping!.lun).toBe(i);
    }
    const { volumeId } = await create(b, "b-mapped");
    expect((await b.mappings.mapVolume({ volumeId, hostId: "shared-host" })).mapping!.lun).toBe(0);
    // The operator mapping tenant B's volume works in tenant B's LUN space.
    const other = await create(b, "b-mapped-2");
    expect((await operator.mappings.mapVolume({ volumeId: other.volumeId, hostId: "shared-host" })).mapping).toMatchObject({ lun: 1, tenantId: "tenant-b" });
  });
});
