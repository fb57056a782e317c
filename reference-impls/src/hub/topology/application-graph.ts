import type { topology } from "@strata/sdk/contracts";
import type { GraphView } from "@strata/sdk/server";

/** The ids every layer gives a tenant's and an application's node (docs/topology.md, node kind catalogue). */
export const tenantNodeId = (tenantId: string) => `tenant:${tenantId}`;
export const applicationNodeId = (tenantId: string, applicationId: string) => `application:${tenantId}/${applicationId}`;

/**
 * One application's graph within a view of the merged graph (docs/hub.md,
 * "Applications"): its own nodes and its application node, everything they
 * lead to along edges from from_id to to_id, its tenant node, and the edges
 * between them. Undefined when the view has no node of the application.
 */
export function applicationGraph(view: GraphView, tenantId: string, applicationId: string): GraphView | undefined {
  const appId = applicationNodeId(tenantId, applicationId);
  const tenantNode = tenantNodeId(tenantId);
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const seeds = view.nodes.filter((n) => n.id === appId || (n.id !== tenantNode && n.tenantId === tenantId && n.applicationId === applicationId));
  if (seeds.length === 0) return undefined;
  const outgoing = new Map<string, string[]>();
  for (const edge of view.edges) {
    const list = outgoing.get(edge.fromId);
    if (list) list.push(edge.toId);
    else outgoing.set(edge.fromId, [edge.toId]);
  }
  const included = new Set(seeds.map((n) => n.id));
  const queue = [...included];
  while (queue.length > 0) {
    for (const next of outgoing.get(queue.pop()!) ?? []) {
      if (included.has(next) || next === tenantNode || !byId.has(next)) continue;
      included.add(next);
      queue.push(next);
    }
  }
  if (byId.has(tenantNode)) included.add(tenantNode);
  const nodes: topology.Node[] = view.nodes.filter((n) => included.has(n.id));
  const edges = view.edges.filter((e) => included.has(e.fromId) && included.has(e.toId)
    && (e.fromId !== tenantNode || e.toId === appId));
  return { revision: view.revision, nodes, edges };
}
