import { core, topology } from "@strata/sdk/contracts";

/** The attribute by which a node names another layer's node (docs/hub.md, "Joins"). */
export const TARGET_ATTRIBUTE = "target_id";

/** What the join rules need of the merged graph. */
export interface NodeLookup {
  node(id: string): topology.Node | undefined;
  /** Ids of the nodes whose target_id names `id`. */
  namedBy(id: string): Iterable<string>;
  /** Ids of the shared nodes whose id is `<kind>:<id>`. */
  identitiesOf(id: string): Iterable<string>;
}

/** The node a shared `<kind>:<x>` node is the identity of: `<x>`, or undefined for a node of no such form. */
export function identityTarget(node: topology.Node): string | undefined {
  const prefix = `${node.kind}:`;
  return node.tenantId === "" && node.id.startsWith(prefix) && node.id.length > prefix.length ? node.id.slice(prefix.length) : undefined;
}

/** The id a node names by its target_id attribute, if any. */
export function namedTarget(node: topology.Node): string | undefined {
  return node.attributes[TARGET_ATTRIBUTE] || undefined;
}

/** Two nodes of two layers, neither of them shared by every layer (tenants, applications). */
function ofOtherLayers(a: topology.Node, b: topology.Node): boolean {
  return a.layer !== core.Layer.LAYER_UNSPECIFIED && b.layer !== core.Layer.LAYER_UNSPECIFIED && a.layer !== b.layer;
}

/**
 * Every join edge that touches `node` in the merged graph: the node it names
 * and the nodes naming it (named resource: the named node MAPPED_TO the
 * naming one), the node it is the identity of and its identities (host
 * identity: the shared node PLACED_ON the other). Names no layer and no kind.
 */
export function joinEdgesOf(node: topology.Node, graph: NodeLookup): topology.Edge[] {
  const edges: topology.Edge[] = [];
  const { RELATION_MAPPED_TO: MAPPED_TO, RELATION_PLACED_ON: PLACED_ON } = topology.Relation;
  const add = (from: topology.Node | undefined, to: topology.Node | undefined, relation: topology.Relation) => {
    if (from && to && ofOtherLayers(from, to)) edges.push({ fromId: from.id, toId: to.id, relation });
  };
  const target = namedTarget(node);
  if (target !== undefined) add(graph.node(target), node, MAPPED_TO);
  for (const id of graph.namedBy(node.id)) add(node, graph.node(id), MAPPED_TO);
  const identity = identityTarget(node);
  if (identity !== undefined) add(node, graph.node(identity), PLACED_ON);
  for (const id of graph.identitiesOf(node.id)) add(graph.node(id), node, PLACED_ON);
  return edges;
}
