import { status } from "@grpc/grpc-js";
import { connect, type StrataError } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { createMemstoreBackend } from "./memstore-backend.js";
import { createStorageServer, storage, STORAGE_SERVICES } from "@strata/sdk/storage";

describe("createStorageServer() over a backend whose pool went away", () => {
  it("should answer FAILED_PRECONDITION naming the volume for its placement and expansion, and keep listing the other pools", async () => {
    const memstore = createMemstoreBackend();
    let offered = true;
    const server = await createStorageServer({
      info: { vendor: "test", product: "vanishing-pool", version: "0" },
      auth: { insecureDevelopmentMode: true },
      capabilities: [core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION],
      // A backend reconfigured at run time: its one pool taken offline.
      backend: { ...memstore, pools: () => (offered ? memstore.pools() : []) },
      onInternalError: () => undefined,
    });
    const client = connect(await server.listen("127.0.0.1:0"), { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
    try {
      const { volume } = await client.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
        name: "stranded", workload: { applicationId: "app" }, capacityBytes: 1n << 20n,
      }));
      offered = false;
      const busy = { code: status.FAILED_PRECONDITION, reasonName: "ERROR_REASON_RESOURCE_BUSY" };
      const placement = await client.placement.getPlacement({ volumeId: volume!.volumeId }).catch((e: StrataError) => e);
      expect(placement).toMatchObject(busy);
      expect((placement as StrataError).message).toContain(volume!.poolId);
      expect(await client.volumes.expandVolume({ volumeId: volume!.volumeId, capacityBytes: 2n << 20n }).catch((e: StrataError) => e)).toMatchObject(busy);
      expect((await client.placement.listPools({ page: undefined })).pools).toEqual([]);
      expect((await client.volumes.getVolume({ volumeId: volume!.volumeId })).volume!.capacityBytes).toBe(1n << 20n);
    } finally {
      client.close();
      await server.shutdown();
    }
  });
});
