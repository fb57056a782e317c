import type { ListPage } from "../../../helpers/walk-pages.js";
import type { storage } from "@strata/sdk/storage";
import { type StorageClients } from "../storage-checks.js";

/** ListVolumes as a ListPage, optionally filtered by application. */
export const volumesOf = (clients: StorageClients, applicationId = ""): ListPage<storage.Volume> => async (page) => {
  const answer = await clients.volumes.listVolumes({ page, applicationId });
  return { items: answer.volumes, page: answer.page };
};

/** ListMappings as a ListPage, optionally filtered by volume and host. */
export const mappingsOf = (clients: StorageClients, filter: { volumeId?: string; hostId?: string } = {}): ListPage<storage.LunMapping> => async (page) => {
  const answer = await clients.mappings.listMappings({ page, volumeId: filter.volumeId ?? "", hostId: filter.hostId ?? "" });
  return { items: answer.mappings, page: answer.page };
};

/** ListQosPolicies as a ListPage. */
export const policiesOf = (clients: StorageClients): ListPage<storage.QosPolicy> => async (page) => {
  const answer = await clients.qos.listQosPolicies({ page });
  return { items: answer.policies, page: answer.page };
};

/** ListPools as a ListPage. */
export const poolsOf = (clients: StorageClients): ListPage<storage.Pool> => async (page) => {
  const answer = await clients.placement.listPools({ page });
  return { items: answer.pools, page: answer.page };
};
