import { Layer } from "../../gen/strata/core/v1/layer.js";
import { Relation } from "../../gen/strata/topology/v1/topology.js";
import { OwnerNodes } from "../../topology/owner-nodes.js";
import type { TopologyGraph } from "../../topology/topology-graph.js";
import type { HostDescription } from "./compute-backend.js";
import { attachmentKindToJSON, instanceStateToJSON, type Attachment, type Instance } from "./contracts.js";

/**
 * Keeps the topology graph in step with the compute catalogue: tenant →
 * application → instance → host, and attachment → instance, with the node
 * kinds of docs/compute.md.
 */
export class ComputeTopology {
  private readonly owners: OwnerNodes;

  constructor(private readonly graph: TopologyGraph) {
    this.owners = new OwnerNodes(graph);
  }

  addHosts(hosts: readonly HostDescription[]): void {
    for (const host of hosts) {
      this.graph.upsertNode({
        id: host.hostId, kind: "compute.host", layer: Layer.LAYER_COMPUTE, displayName: host.name,
        attributes: { cpu_cores: String(host.cpuCores), memory_bytes: String(host.memoryBytes) },
      });
    }
  }

  addInstance(instance: Instance): void {
    const { tenantId, applicationId } = instance.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.updateInstance(instance);
    this.graph.upsertEdge(appNode, instance.instanceId, Relation.RELATION_OWNS);
    this.graph.upsertEdge(instance.instanceId, instance.hostId, Relation.RELATION_PLACED_ON);
  }

  /** Refreshes an instance's node (state or shape changed). */
  updateInstance(instance: Instance): void {
    const { tenantId, applicationId } = instance.workload!;
    this.graph.upsertNode({
      id: instance.instanceId, kind: "compute.instance", layer: Layer.LAYER_COMPUTE, tenantId, applicationId,
      displayName: instance.name,
      attributes: {
        vcpu_count: String(instance.vcpuCount), memory_bytes: String(instance.memoryBytes), state: instanceStateToJSON(instance.state),
      },
    });
  }

  removeInstance(instance: Instance): void {
    const { tenantId, applicationId } = instance.workload!;
    this.graph.removeNode(instance.instanceId);
    this.owners.release(tenantId, applicationId);
  }

  /** Adds an attachment's node, owned like its instance, and its edge to the instance. */
  addAttachment(attachment: Attachment, instance: Instance): void {
    this.graph.upsertNode({
      id: attachment.attachmentId, kind: "compute.attachment", layer: Layer.LAYER_COMPUTE, tenantId: attachment.tenantId,
      applicationId: instance.workload!.applicationId, displayName: attachment.targetId,
      attributes: { kind: attachmentKindToJSON(attachment.kind), target_id: attachment.targetId },
    });
    this.graph.upsertEdge(attachment.attachmentId, instance.instanceId, Relation.RELATION_MAPPED_TO);
  }

  removeAttachment(attachment: Attachment): void {
    this.graph.removeNode(attachment.attachmentId);
  }
}
