import { Layer } from "../../gen/strata/core/v1/layer.js";
import { Relation } from "../../gen/strata/topology/v1/topology.js";
import { OwnerNodes, topologyIds } from "../../topology/owner-nodes.js";
import type { TopologyGraph } from "../../topology/topology-graph.js";
import { portRoleToJSON, type Port, type Zone } from "./contracts.js";

/**
 * Keeps the topology graph in step with the fabric catalogue
 * (docs/fabric.md, Topology): tenant → application → port and zone, zone →
 * its ports, an initiator → its host, and an initiator → each target it is
 * zoned to.
 */
export class FabricTopology {
  private readonly owners: OwnerNodes;

  constructor(private readonly graph: TopologyGraph) {
    this.owners = new OwnerNodes(graph);
  }

  addPort(port: Port): void {
    const { tenantId, applicationId } = port.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.graph.upsertNode({
      id: port.portId, kind: "fabric.port", layer: Layer.LAYER_FABRIC, tenantId, applicationId, displayName: port.name,
      attributes: {
        role: portRoleToJSON(port.role), speed_bytes_per_second: String(port.speedBytesPerSecond),
        buffer_frames: String(port.bufferFrames), system_id: port.systemId,
      },
    });
    this.graph.upsertEdge(appNode, port.portId, Relation.RELATION_OWNS);
    if (port.hostId === "") return;
    const host = topologyIds.host(port.hostId);
    this.graph.upsertNode({ id: host, kind: "host", layer: Layer.LAYER_FABRIC, displayName: port.hostId });
    this.graph.upsertEdge(port.portId, host, Relation.RELATION_PLACED_ON);
  }

  removePort(port: Port): void {
    this.graph.removeNode(port.portId);
    if (port.hostId !== "") this.graph.removeNodeIfOrphan(topologyIds.host(port.hostId));
    this.owners.release(port.workload!.tenantId, port.workload!.applicationId);
  }

  /** Adds a zone's node and edges, and the edge of each pair it zones that no zone zoned before. */
  addZone(zone: Zone, newlyZoned: ReadonlyArray<[string, string]>): void {
    const { tenantId, applicationId } = zone.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.graph.upsertNode({ id: zone.zoneId, kind: "fabric.zone", layer: Layer.LAYER_FABRIC, tenantId, applicationId, displayName: zone.name });
    this.graph.upsertEdge(appNode, zone.zoneId, Relation.RELATION_OWNS);
    for (const portId of [...zone.initiatorPortIds, ...zone.targetPortIds]) this.graph.upsertEdge(zone.zoneId, portId, Relation.RELATION_CONSISTS_OF);
    for (const [initiator, target] of newlyZoned) this.graph.upsertEdge(initiator, target, Relation.RELATION_CONNECTS);
  }

  /** Removes a zone's node and edges, and the edge of each pair no zone lists any more. */
  removeZone(zone: Zone, unzoned: ReadonlyArray<[string, string]>): void {
    for (const [initiator, target] of unzoned) this.graph.removeEdge({ fromId: initiator, toId: target, relation: Relation.RELATION_CONNECTS });
    this.graph.removeNode(zone.zoneId);
    this.owners.release(zone.workload!.tenantId, zone.workload!.applicationId);
  }
}
