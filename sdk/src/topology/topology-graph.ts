import { ChangeType, Node, type Change, type Edge, type Relation } from "../gen/strata/topology/v1/topology.js";
import { changeLog, type LoggedChange } from "./change-log.js";

/** A node as a vendor registers it: id and kind required, the rest defaulted. */
export type NodeInput = Partial<Node> & Pick<Node, "id" | "kind">;

/** Which tenants a reader sees: undefined = all (operator). */
export type TenantScope = readonly string[] | undefined;

export interface TopologyGraphOptions {
  /** Changes kept for watch resume and history (default 10 000). */
  retainedChanges?: number;
  now?: () => bigint;
}

const edgeKey = (e: Pick<Edge, "fromId" | "toId" | "relation">) => `${e.fromId}\u0000${e.toId}\u0000${e.relation}`;

/**
 * The graph a layer reports: the vendor upserts and removes nodes and edges
 * as resources come and go; every effective change bumps the revision by one
 * and is kept in a bounded log for watchers and history.
 */
export class TopologyGraph {
  private readonly nodes = new Map<string, Node>();
  private readonly edges = new Map<string, Edge>();
  private readonly log;
  private readonly listeners = new Set<(change: LoggedChange) => void>();
  private readonly now: () => bigint;

  /** Changes kept for watch resume and history (Limits.topology_retained_changes). */
  readonly retainedChanges: number;

  constructor(options: TopologyGraphOptions = {}) {
    this.retainedChanges = options.retainedChanges ?? 10_000;
    this.log = changeLog(this.retainedChanges);
    this.now = options.now ?? (() => BigInt(Date.now()) * 1_000_000n);
  }

  /** The current revision: the number of changes since the graph was created. */
  get revision(): number {
    return this.log.revision;
  }

  /** Adds or replaces a node. No change (and no revision) when identical. */
  upsertNode(input: NodeInput): void {
    const node = Node.fromPartial(input);
    const existing = this.nodes.get(node.id);
    if (existing && sameJson(existing, node)) return;
    this.nodes.set(node.id, node);
    this.emit({ type: ChangeType.CHANGE_TYPE_UPSERT, node }, [node.tenantId]);
  }

  /** Removes a node and, first, every edge touching it. */
  removeNode(id: string): void {
    const node = this.nodes.get(id);
    if (!node) return;
    for (const edge of [...this.edges.values()]) {
      if (edge.fromId === id || edge.toId === id) this.removeEdge(edge);
    }
    this.nodes.delete(id);
    this.emit({ type: ChangeType.CHANGE_TYPE_REMOVE, node }, [node.tenantId]);
  }

  /** Adds an edge between two registered nodes. No change when present. */
  upsertEdge(fromId: string, toId: string, relation: Relation): void {
    const edge = { fromId, toId, relation };
    const from = this.nodes.get(fromId);
    const to = this.nodes.get(toId);
    if (!from || !to) throw new Error(`topology edge ${fromId} -> ${toId}: both nodes must be registered first`);
    if (this.edges.has(edgeKey(edge))) return;
    this.edges.set(edgeKey(edge), edge);
    this.emit({ type: ChangeType.CHANGE_TYPE_UPSERT, edge }, [from.tenantId, to.tenantId]);
  }

  /** Removes an edge. No change when absent. */
  removeEdge(edge: Pick<Edge, "fromId" | "toId" | "relation">): void {
    const key = edgeKey(edge);
    const existing = this.edges.get(key);
    if (!existing) return;
    this.edges.delete(key);
    const tenants = [this.nodes.get(edge.fromId)?.tenantId ?? "", this.nodes.get(edge.toId)?.tenantId ?? ""];
    this.emit({ type: ChangeType.CHANGE_TYPE_REMOVE, edge: existing }, tenants);
  }

  /** Removes a node only if no edge touches it any more (for shared nodes like hosts). */
  removeNodeIfOrphan(id: string): void {
    for (const edge of this.edges.values()) if (edge.fromId === id || edge.toId === id) return;
    this.removeNode(id);
  }

  /** The current graph as a reader with this scope sees it. */
  snapshot(scope: TenantScope): GraphView {
    return visibleGraph(this.log.revision, this.nodes, this.edges, scope);
  }

  /** The graph as it was at a past revision, or undefined if older than the retained log. */
  snapshotAt(revision: number, scope: TenantScope): GraphView | undefined {
    const state = this.log.replayTo(revision);
    return state && visibleGraph(revision, state.nodes, state.edges, scope);
  }

  /** The revision in force at a time (UNIX ns), or undefined if older than the retained log. */
  revisionAt(timeUnixNano: bigint): number | undefined {
    return this.log.revisionAt(timeUnixNano);
  }

  /** Changes after a revision, or undefined when they are no longer retained. */
  changesSince(revision: number): LoggedChange[] | undefined {
    return this.log.since(revision);
  }

  /** Calls listener for every later change; returns the unsubscribe function. */
  onChange(listener: (change: LoggedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: Change, tenants: string[]): void {
    const logged = this.log.append(change, tenants, this.now());
    for (const listener of this.listeners) listener(logged);
  }
}

/** The graph as one reader sees it at one revision (revision as on the wire). */
export interface GraphView {
  revision: bigint;
  nodes: Node[];
  edges: Edge[];
}

/** True when a reader with this scope sees an element owned by these tenants. */
export function isVisible(tenants: readonly string[], scope: TenantScope): boolean {
  return scope === undefined || tenants.every((t) => t === "" || scope.includes(t));
}

function visibleGraph(revision: number, nodes: Map<string, Node>, edges: Map<string, Edge>, scope: TenantScope): GraphView {
  const visibleNodes = [...nodes.values()].filter((n) => isVisible([n.tenantId], scope));
  const ids = new Set(visibleNodes.map((n) => n.id));
  const visibleEdges = [...edges.values()].filter((e) => ids.has(e.fromId) && ids.has(e.toId));
  return { revision: BigInt(revision), nodes: visibleNodes, edges: visibleEdges };
}

function sameJson(a: Node, b: Node): boolean {
  return JSON.stringify(Node.toJSON(a)) === JSON.stringify(Node.toJSON(b));
}
