import { compute } from "@strata/sdk/compute";
import type { ListProbe } from "../../../registry/layer-probes.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import { attach, createInstance, setCpuPolicy } from "../support/compute-instances.js";
import type { ComputeServices } from "../compute-checks.js";

type InstanceScope = { applicationId: string };
type AttachmentScope = { instanceId: string; kind?: compute.AttachmentKind };

/** Every List RPC of the compute layer, with what each needs to list something of tenant A's. */
export const computeListProbes: ListProbe<ComputeServices>[] = [
  {
    rpc: "InstanceService.ListInstances",
    async list(clients, page, scope) {
      const answer = await clients.instances.listInstances({ page, applicationId: (scope as InstanceScope | undefined)?.applicationId ?? "" });
      return { ids: answer.instances.map((i) => i.instanceId), page: answer.page };
    },
    // Seven instances under one fresh application, so that a walk filtered by it sees only them.
    async populate(t) {
      const applicationId = uniqueName("pages");
      const instances = await Promise.all(Array.from({ length: 7 }, (_, i) => createInstance(t, `page-${i}`, { applicationId })));
      return { ids: instances.map((i) => i.instanceId), scope: { applicationId }, otherScope: { applicationId: `${applicationId}-other` } };
    },
  },
  {
    rpc: "AttachmentService.ListAttachments",
    async list(clients, page, scope) {
      const filter = (scope ?? {}) as Partial<AttachmentScope>;
      const answer = await clients.attachments.listAttachments({ page, instanceId: filter.instanceId ?? "", kind: filter.kind ?? 0 });
      return { ids: answer.attachments.map((a) => a.attachmentId), page: answer.page };
    },
    async populate(t) {
      const { instanceId } = await createInstance(t, "page-attachments");
      const attached = [];
      for (let i = 0; i < 5; i++) attached.push(await attach(t, instanceId, compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, uniqueName("page-volume")));
      return {
        ids: attached.map((a) => a.attachmentId), scope: { instanceId },
        otherScope: { instanceId, kind: compute.AttachmentKind.ATTACHMENT_KIND_NETWORK_PORT },
      };
    },
  },
  {
    rpc: "CpuPolicyService.ListCpuPolicies",
    async list(clients, page) {
      const answer = await clients.cpuPolicies.listCpuPolicies({ page });
      return { ids: answer.policies.map((p) => p.target?.instanceId || `tenant:${p.target?.tenantId}`), page: answer.page };
    },
    // Policies of default shares and no limit: every endpoint takes them, whatever it declares.
    async populate(t) {
      const instances = await Promise.all([0, 1, 2].map((i) => createInstance(t, `page-policy-${i}`)));
      for (const { instanceId } of instances) await setCpuPolicy(t, compute.CpuPolicy.fromPartial({ target: { instanceId } }));
      return { ids: instances.map((i) => i.instanceId) };
    },
  },
  {
    // Hosts are shared: a tenant lists them all and makes none.
    rpc: "HostService.ListHosts",
    async list(clients, page) {
      const answer = await clients.hosts.listHosts({ page });
      return { ids: answer.hosts.map((h) => h.hostId), page: answer.page };
    },
  },
];
