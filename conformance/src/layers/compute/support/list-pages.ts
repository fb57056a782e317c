import type { compute } from "@strata/sdk/compute";
import type { ListPage } from "../../../helpers/walk-pages.js";
import { walkPages } from "../../../helpers/walk-pages.js";
import type { ComputeClients, ComputeContext } from "../compute-checks.js";

/** ListInstances as a ListPage, optionally filtered by application. */
export const instancesOf = (clients: ComputeClients, applicationId = ""): ListPage<compute.Instance> => async (page) => {
  const answer = await clients.instances.listInstances({ page, applicationId });
  return { items: answer.instances, page: answer.page };
};

/** ListAttachments as a ListPage, optionally filtered by instance and kind. */
export const attachmentsOf = (clients: ComputeClients, filter: { instanceId?: string; kind?: compute.AttachmentKind } = {}): ListPage<compute.Attachment> =>
  async (page) => {
    const answer = await clients.attachments.listAttachments({ page, instanceId: filter.instanceId ?? "", kind: filter.kind ?? 0 });
    return { items: answer.attachments, page: answer.page };
  };

/** ListCpuPolicies as a ListPage. */
export const policiesOf = (clients: ComputeClients): ListPage<compute.CpuPolicy> => async (page) => {
  const answer = await clients.cpuPolicies.listCpuPolicies({ page });
  return { items: answer.policies, page: answer.page };
};

/** ListHosts as a ListPage. */
export const hostsOf = (clients: ComputeClients): ListPage<compute.Host> => async (page) => {
  const answer = await clients.hosts.listHosts({ page });
  return { items: answer.hosts, page: answer.page };
};

/** Every host, as tenant A lists them; fails when there is none (a compute endpoint offers at least one). */
export async function listHosts(t: ComputeContext): Promise<compute.Host[]> {
  const hosts = await walkPages(t, "ListHosts", hostsOf(t.tenantA));
  t.ensure(hosts.length > 0, "ListHosts lists no host; a compute endpoint must offer at least one to place instances on");
  return hosts;
}
