import { topology } from "@strata/sdk/contracts";

/** Node ids of the shared kinds, as docs/topology.md fixes them. */
export const topologyIds = {
  tenant: (tenantId: string) => `tenant:${tenantId}`,
  application: (tenantId: string, applicationId: string) => `application:${tenantId}/${applicationId}`,
  host: (hostId: string) => `host:${hostId}`,
};

/** "from RELATION to", the way messages show an edge. */
export function edgeName(edge: Pick<topology.Edge, "fromId" | "toId" | "relation">): string {
  return `${edge.fromId} ${topology.relationToJSON(edge.relation).replace(/^RELATION_/, "")} ${edge.toId}`;
}

/**
 * A topology graph as a watcher holds it: nodes by id, edges by their
 * "from RELATION to" name. Applying a Change reports the first way it breaks
 * the graph model (an edge to a node the watcher does not hold, a node
 * removed before its edges).
 */
export class GraphState {
  readonly nodes = new Map<string, topology.Node>();
  readonly edges = new Map<string, topology.Edge>();

  constructor(graph?: { nodes: readonly topology.Node[]; edges: readonly topology.Edge[] }) {
    for (const node of graph?.nodes ?? []) this.nodes.set(node.id, node);
    for (const edge of graph?.edges ?? []) this.edges.set(edgeName(edge), edge);
  }

  /** Applies one change; returns what is wrong with it, or undefined. */
  apply(change: topology.Change, revision: bigint): string | undefined {
    const at = `(revision ${revision})`;
    const upsert = change.type === topology.ChangeType.CHANGE_TYPE_UPSERT;
    if (!upsert && change.type !== topology.ChangeType.CHANGE_TYPE_REMOVE) {
      return `a change of type ${topology.changeTypeToJSON(change.type)} ${at}; the standard requires UPSERT or REMOVE`;
    }
    if ((change.node === undefined) === (change.edge === undefined)) {
      return `a change carrying ${change.node ? "a node and an edge" : "neither a node nor an edge"} ${at}; the standard requires exactly one`;
    }
    if (change.node) {
      const { id } = change.node;
      if (upsert) {
        this.nodes.set(id, change.node);
        return undefined;
      }
      const attached = [...this.edges.values()].find((e) => e.fromId === id || e.toId === id);
      this.nodes.delete(id);
      if (attached) return `node ${id} removed ${at} while edge ${edgeName(attached)} still referred to it; the standard removes a node's edges first`;
      return undefined;
    }
    const edge = change.edge!;
    if (edge.relation === topology.Relation.RELATION_UNSPECIFIED) return `an edge ${edgeName(edge)} with RELATION_UNSPECIFIED ${at}; the standard never sends it`;
    if (upsert) {
      const missing = [edge.fromId, edge.toId].find((id) => !this.nodes.has(id));
      this.edges.set(edgeName(edge), edge);
      if (missing) return `edge ${edgeName(edge)} added ${at} while the watcher holds no node ${missing}; both ends of every edge must be nodes of the graph`;
    } else {
      this.edges.delete(edgeName(edge));
    }
    return undefined;
  }
}

/** The first way a graph breaks the model (dangling edge, RELATION_UNSPECIFIED, duplicate node id), or undefined. */
export function graphProblem(graph: { nodes: readonly topology.Node[]; edges: readonly topology.Edge[] }): string | undefined {
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) return `node ${node.id} appears twice; node ids are unique within the endpoint`;
    ids.add(node.id);
  }
  for (const edge of graph.edges) {
    if (edge.relation === topology.Relation.RELATION_UNSPECIFIED) return `edge ${edgeName(edge)} has RELATION_UNSPECIFIED; the standard never sends it`;
    const missing = [edge.fromId, edge.toId].find((id) => !ids.has(id));
    if (missing) return `edge ${edgeName(edge)} refers to ${missing}, which is not a node of the graph; both ends of every edge must be nodes`;
  }
  return undefined;
}
