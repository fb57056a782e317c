import { core, rpc, topology } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { expectEdge, expectNode, getTopology } from "../../helpers/topology-expect.js";
import { edgeName } from "../../helpers/topology-view.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./compute-checks.js";
import { attach, createInstance } from "./support/compute-instances.js";
import { listHosts } from "./support/list-pages.js";

const { Code } = rpc;
const { RELATION_PLACED_ON, RELATION_MAPPED_TO } = topology.Relation;
const LAYER = core.Layer.LAYER_COMPUTE;

// The instance's own node and its owners are the common suite's (common/topology-graph); these are the
// compute catalogue's other kinds and relations, and the node changes instances go through.

check("Hosts, placements and attachments appear as the compute catalogue fixes them; an instance's node follows its state; all go with their resources [compute] [topology]",
  { covers: ["COMP-TOPO-1", "TOPO-COMP-1", "TOPO-CAT-1", "TOPO-CAT-2", "TOPO-CAT-4"] }, async (t) => {
    const hosts = await listHosts(t);
    const instance = await createInstance(t, "topology");
    const { instanceId } = instance;
    const volumeId = uniqueName("volume");
    const attachment = await attach(t, instanceId, compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, volumeId);
    const what = `after CreateInstance and Attach of ${instanceId}`;
    const graph = await getTopology(t, what);
    for (const host of hosts) {
      expectNode(t, graph, host.hostId, {
        kind: "compute.host", layer: LAYER, tenantId: "", displayName: host.name,
        attributes: { cpu_cores: String(host.cpuCores), memory_bytes: String(host.memoryBytes) },
      }, what);
    }
    expectEdge(t, graph, instanceId, RELATION_PLACED_ON, instance.hostId, what);
    expectNode(t, graph, attachment.attachmentId, {
      kind: "compute.attachment", layer: LAYER, tenantId: instance.workload!.tenantId, applicationId: instance.workload!.applicationId,
      attributes: { kind: "ATTACHMENT_KIND_STORAGE_VOLUME", target_id: volumeId },
    }, what);
    expectEdge(t, graph, attachment.attachmentId, RELATION_MAPPED_TO, instanceId, what);

    await t.expectCode(t.tenantA.instances.stopInstance({ instanceId }), Code.OK, "StopInstance");
    const stopped = await getTopology(t, `after StopInstance of ${instanceId}`);
    expectNode(t, stopped, instanceId, { kind: "compute.instance", layer: LAYER, tenantId: instance.workload!.tenantId, attributes: { state: "INSTANCE_STATE_STOPPED" } },
      `after StopInstance of ${instanceId}`);

    await t.expectCode(t.tenantA.attachments.detach({ instanceId, kind: compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, targetId: volumeId }), Code.OK, "Detach");
    const detached = await getTopology(t, `after Detach of ${volumeId}`);
    t.ensure(!detached.nodes.some((n) => n.id === attachment.attachmentId),
      `node ${attachment.attachmentId} still present after Detach; the standard removes a detached attachment's node and its edges`);
    await t.expectCode(t.tenantA.instances.deleteInstance({ instanceId }), Code.OK, `DeleteInstance ${instanceId}`);
    const gone = await getTopology(t, `after DeleteInstance of ${instanceId}`);
    const dangling = gone.edges.find((e) => e.fromId === instanceId || e.toId === instanceId);
    t.ensure(!dangling, `edge ${dangling ? edgeName(dangling) : ""} still present after DeleteInstance of ${instanceId}`);
    for (const host of hosts) t.ensure(gone.nodes.some((n) => n.id === host.hostId), `host node ${host.hostId} vanished after DeleteInstance; a host's node stays while the host is offered`);
  });
