import { rpc } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import type { ListProbe } from "../../../registry/layer-probes.js";
import { createVolume, mapVolume, uniqueName } from "../support/storage-volumes.js";
import type { StorageServices } from "../storage-checks.js";

type VolumeScope = { applicationId: string };
type MappingScope = { volumeId: string; hostId?: string };

/** Every List RPC of the storage layer, with what each needs to list something of tenant A's. */
export const storageListProbes: ListProbe<StorageServices>[] = [
  {
    rpc: "VolumeService.ListVolumes",
    async list(clients, page, scope) {
      const answer = await clients.volumes.listVolumes({ page, applicationId: (scope as VolumeScope | undefined)?.applicationId ?? "" });
      return { ids: answer.volumes.map((v) => v.volumeId), page: answer.page };
    },
    // Seven volumes under one fresh application, so that a walk filtered by it sees only them.
    async populate(t) {
      const applicationId = uniqueName("pages");
      const volumes = await Promise.all(Array.from({ length: 7 }, (_, i) => createVolume(t, `page-${i}`, { applicationId })));
      return { ids: volumes.map((v) => v.volumeId), scope: { applicationId }, otherScope: { applicationId: `${applicationId}-other` } };
    },
  },
  {
    rpc: "MappingService.ListMappings",
    async list(clients, page, scope) {
      const filter = (scope ?? {}) as Partial<MappingScope>;
      const answer = await clients.mappings.listMappings({ page, volumeId: filter.volumeId ?? "", hostId: filter.hostId ?? "" });
      return { ids: answer.mappings.map((m) => m.mappingId), page: answer.page };
    },
    async populate(t) {
      const { volumeId } = await createVolume(t, "page-mappings");
      const hosts = Array.from({ length: 5 }, () => uniqueName("page-host"));
      const mappings = await Promise.all(hosts.map((hostId) => mapVolume(t, volumeId, hostId)));
      return { ids: mappings.map((m) => m.mappingId), scope: { volumeId }, otherScope: { volumeId, hostId: hosts[0] } };
    },
  },
  {
    rpc: "QosService.ListQosPolicies",
    async list(clients, page) {
      const answer = await clients.qos.listQosPolicies({ page });
      return { ids: answer.policies.map((p) => p.target?.volumeId || `tenant:${p.target?.tenantId}`), page: answer.page };
    },
    async populate(t) {
      const volumes = await Promise.all([0, 1, 2].map((i) => createVolume(t, `page-qos-${i}`)));
      for (const { volumeId } of volumes) {
        await t.expectCode(t.tenantA.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId }, maxIops: 100_000n }) }),
          rpc.Code.OK, `SetQosPolicy on ${volumeId}`);
        t.track(() => t.tenantA.qos.deleteQosPolicy({ target: { volumeId } }), `DeleteQosPolicy ${volumeId}`);
      }
      return { ids: volumes.map((v) => v.volumeId) };
    },
  },
  {
    // Pools are shared: a tenant lists them all and makes none.
    rpc: "PlacementService.ListPools",
    async list(clients, page) {
      const answer = await clients.placement.listPools({ page });
      return { ids: answer.pools.map((p) => p.poolId), page: answer.page };
    },
  },
];
