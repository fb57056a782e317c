import { topology } from "@strata/sdk/contracts";
import type { TopologyGraph } from "@strata/sdk/server";
import { identityTarget, joinEdgesOf, namedTarget, type NodeLookup } from "./join-rules.js";

type Edge = topology.Edge;
type Node = topology.Node;

const edgeKey = (e: Edge) => `${e.fromId}\u0000${e.toId}\u0000${e.relation}`;

/** What one endpoint reports, as last applied. */
interface SourceGraph {
  readonly nodes: Map<string, Node>;
  readonly edges: Map<string, Edge>;
}

/** Adds to a set in a map of sets. */
function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Removes from a set in a map of sets, dropping the set once empty. */
function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

/**
 * The merged graph of several endpoints' graphs (docs/hub.md, "The merged
 * topology"), written into a TopologyGraph, which gives it revisions,
 * history, visibility and watches. A node or edge is in it while at least
 * one source reports it; nodes with one id are one node (the last version
 * reported wins). Join edges are added and removed as the nodes at their
 * ends come and go.
 */
export class MergedTopology implements NodeLookup {
  private readonly sources = new Map<string, SourceGraph>();
  private readonly nodeSources = new Map<string, Set<string>>();
  private readonly edgeSources = new Map<string, Set<string>>();
  /** Join edges in the graph, by key, and their keys by the nodes at their ends. */
  private readonly joins = new Map<string, Edge>();
  private readonly joinsOf = new Map<string, Set<string>>();
  private readonly naming = new Map<string, Set<string>>();
  private readonly identities = new Map<string, Set<string>>();
  private readonly current = new Map<string, Node>();

  /** Called when a node leaves the merged graph (no source reports it any more). */
  onNodeRemoved: (id: string) => void = () => {};

  constructor(readonly graph: TopologyGraph) {}

  node(id: string): Node | undefined {
    return this.current.get(id);
  }

  namedBy(id: string): Iterable<string> {
    return this.naming.get(id) ?? [];
  }

  identitiesOf(id: string): Iterable<string> {
    return this.identities.get(id) ?? [];
  }

  /** Replaces what `source` reports by a whole graph (a watch's snapshot): only the differences change the merged graph. */
  replace(source: string, nodes: readonly Node[], edges: readonly Edge[]): void {
    const held = this.sourceOf(source);
    const nextNodes = new Map(nodes.map((n) => [n.id, n]));
    const nextEdges = new Map(edges.map((e) => [edgeKey(e), e]));
    for (const [key, edge] of [...held.edges]) if (!nextEdges.has(key)) this.removeEdge(source, edge);
    for (const id of [...held.nodes.keys()]) if (!nextNodes.has(id)) this.removeNode(source, id);
    for (const node of nodes) this.upsertNode(source, node);
    for (const edge of edges) this.upsertEdge(source, edge);
  }

  /** Applies one change a source's watch sent. */
  apply(source: string, change: topology.Change): void {
    const upsert = change.type === topology.ChangeType.CHANGE_TYPE_UPSERT;
    if (change.node) {
      if (upsert) this.upsertNode(source, change.node);
      else this.removeNode(source, change.node.id);
    } else if (change.edge) {
      if (upsert) this.upsertEdge(source, change.edge);
      else this.removeEdge(source, change.edge);
    }
  }

  private sourceOf(source: string): SourceGraph {
    let graph = this.sources.get(source);
    if (!graph) this.sources.set(source, (graph = { nodes: new Map(), edges: new Map() }));
    return graph;
  }

  private upsertNode(source: string, node: Node): void {
    this.sourceOf(source).nodes.set(node.id, node);
    addTo(this.nodeSources, node.id, source);
    this.setCurrent(node);
  }

  private removeNode(source: string, id: string): void {
    if (!this.sourceOf(source).nodes.delete(id)) return;
    removeFrom(this.nodeSources, id, source);
    const remaining = this.nodeSources.get(id);
    if (remaining) {
      this.setCurrent(this.sources.get([...remaining].at(-1)!)!.nodes.get(id)!);
      return;
    }
    const node = this.current.get(id)!;
    this.index(node, removeFrom);
    for (const key of [...(this.joinsOf.get(id) ?? [])]) this.forgetJoin(key);
    this.current.delete(id);
    // The graph removes the node's edges first; a source's edge on it (a source that removed a node
    // before its edges) is forgotten with it.
    this.graph.removeNode(id);
    for (const [key, sources] of [...this.edgeSources]) {
      const edge = this.edgeOf(key, sources);
      if (edge && (edge.fromId === id || edge.toId === id)) this.edgeSources.delete(key);
    }
    this.onNodeRemoved(id);
  }

  private upsertEdge(source: string, edge: Edge): void {
    if (!this.current.has(edge.fromId) || !this.current.has(edge.toId)) return;
    const key = edgeKey(edge);
    this.sourceOf(source).edges.set(key, edge);
    addTo(this.edgeSources, key, source);
    this.graph.upsertEdge(edge.fromId, edge.toId, edge.relation);
  }

  private removeEdge(source: string, edge: Edge): void {
    const key = edgeKey(edge);
    if (!this.sourceOf(source).edges.delete(key)) return;
    removeFrom(this.edgeSources, key, source);
    if (!this.edgeSources.has(key) && !this.joins.has(key)) this.graph.removeEdge(edge);
  }

  /** Makes `node` the merged version of its id and brings the join edges touching it up to date. */
  private setCurrent(node: Node): void {
    const previous = this.current.get(node.id);
    if (previous) this.index(previous, removeFrom);
    this.current.set(node.id, node);
    this.index(node, addTo);
    this.graph.upsertNode(node);
    const wanted = new Map(joinEdgesOf(node, this).map((e) => [edgeKey(e), e]));
    for (const key of [...(this.joinsOf.get(node.id) ?? [])]) {
      if (wanted.has(key)) continue;
      const edge = this.joins.get(key)!;
      this.forgetJoin(key);
      if (!this.edgeSources.has(key)) this.graph.removeEdge(edge);
    }
    for (const [key, edge] of wanted) {
      if (this.joins.has(key)) continue;
      this.joins.set(key, edge);
      addTo(this.joinsOf, edge.fromId, key);
      addTo(this.joinsOf, edge.toId, key);
      this.graph.upsertEdge(edge.fromId, edge.toId, edge.relation);
    }
  }

  private forgetJoin(key: string): void {
    const edge = this.joins.get(key);
    if (!edge) return;
    this.joins.delete(key);
    removeFrom(this.joinsOf, edge.fromId, key);
    removeFrom(this.joinsOf, edge.toId, key);
  }

  private index(node: Node, update: typeof addTo<string, string>): void {
    const target = namedTarget(node);
    if (target !== undefined) update(this.naming, target, node.id);
    const identity = identityTarget(node);
    if (identity !== undefined) update(this.identities, identity, node.id);
  }

  private edgeOf(key: string, sources: ReadonlySet<string>): Edge | undefined {
    for (const source of sources) {
      const edge = this.sources.get(source)?.edges.get(key);
      if (edge) return edge;
    }
    return undefined;
  }
}
