import { Layer } from "../../gen/strata/core/v1/layer.js";
import { Relation } from "../../gen/strata/topology/v1/topology.js";
import { OwnerNodes } from "../../topology/owner-nodes.js";
import type { TopologyGraph } from "../../topology/topology-graph.js";
import { sessionStateToJSON, type EntryPoint, type Session } from "./contracts.js";

/**
 * Keeps the topology graph in step with the access catalogue: tenant →
 * application → entry point and session, session → entry point, with the
 * node kinds of docs/access.md. An entry point's node names the compute
 * instance it runs on, and a session's the device it comes from, by those
 * layers' ids, so that a hub joins the graphs.
 */
export class AccessTopology {
  private readonly owners: OwnerNodes;

  constructor(private readonly graph: TopologyGraph) {
    this.owners = new OwnerNodes(graph);
  }

  addEntryPoint(entryPoint: EntryPoint): void {
    const { tenantId, applicationId } = entryPoint.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.graph.upsertNode({
      id: entryPoint.entryPointId, kind: "access.entry_point", layer: Layer.LAYER_ACCESS, tenantId, applicationId,
      displayName: entryPoint.name,
      attributes: { target: entryPoint.compute ? "compute" : "echo", instance_id: entryPoint.compute?.instanceId ?? "" },
    });
    this.graph.upsertEdge(appNode, entryPoint.entryPointId, Relation.RELATION_OWNS);
  }

  removeEntryPoint(entryPoint: EntryPoint): void {
    this.graph.removeNode(entryPoint.entryPointId);
    this.owners.release(entryPoint.workload!.tenantId, entryPoint.workload!.applicationId);
  }

  addSession(session: Session): void {
    const { tenantId, applicationId } = session.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.updateSession(session);
    this.graph.upsertEdge(appNode, session.sessionId, Relation.RELATION_OWNS);
    this.graph.upsertEdge(session.sessionId, session.entryPointId, Relation.RELATION_CONNECTS);
  }

  /** Refreshes a session's node (its state changed). */
  updateSession(session: Session): void {
    const { tenantId, applicationId } = session.workload!;
    this.graph.upsertNode({
      id: session.sessionId, kind: "access.session", layer: Layer.LAYER_ACCESS, tenantId, applicationId, displayName: session.name,
      attributes: { device_id: session.deviceId, state: sessionStateToJSON(session.state) },
    });
  }

  removeSession(session: Session): void {
    this.graph.removeNode(session.sessionId);
    this.owners.release(session.workload!.tenantId, session.workload!.applicationId);
  }
}
