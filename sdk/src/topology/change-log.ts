import Denque from "denque";
import { ChangeType, type Change, type Edge, type Node } from "../gen/strata/topology/v1/topology.js";

/** A change as logged: its revision, time and the tenants of the elements it touches. */
export interface LoggedChange {
  revision: number;
  timeUnixNano: bigint;
  change: Change;
  tenants: readonly string[];
}

interface GraphState {
  nodes: Map<string, Node>;
  edges: Map<string, Edge>;
}

const key = (e: Edge) => `${e.fromId}\u0000${e.toId}\u0000${e.relation}`;

function apply(state: GraphState, change: Change): void {
  const upsert = change.type === ChangeType.CHANGE_TYPE_UPSERT;
  if (change.node) {
    if (upsert) state.nodes.set(change.node.id, change.node);
    else state.nodes.delete(change.node.id);
  } else if (change.edge) {
    if (upsert) state.edges.set(key(change.edge), change.edge);
    else state.edges.delete(key(change.edge));
  }
}

/**
 * A bounded log of topology changes on top of a base state: trimming folds the
 * oldest change into the base, so any retained revision can be rebuilt. The
 * changes sit in a ring (denque): appending past the capacity costs O(1),
 * where an array's shift() moved every retained change.
 */
export function changeLog(capacity: number) {
  const base: GraphState = { nodes: new Map(), edges: new Map() };
  let baseRevision = 0;
  const entries = new Denque<LoggedChange>();
  const retained = (revision: number) => revision >= baseRevision && revision <= baseRevision + entries.length;

  return {
    get revision(): number {
      return baseRevision + entries.length;
    },
    append(change: Change, tenants: readonly string[], timeUnixNano: bigint): LoggedChange {
      const logged = { revision: baseRevision + entries.length + 1, timeUnixNano, change, tenants };
      entries.push(logged);
      if (entries.length > capacity) {
        apply(base, entries.shift()!.change);
        baseRevision += 1;
      }
      return logged;
    },
    since(revision: number): LoggedChange[] | undefined {
      if (!retained(revision)) return undefined;
      const out: LoggedChange[] = [];
      for (let i = revision - baseRevision; i < entries.length; i++) out.push(entries.peekAt(i)!);
      return out;
    },
    replayTo(revision: number): GraphState | undefined {
      if (!retained(revision)) return undefined;
      const state: GraphState = { nodes: new Map(base.nodes), edges: new Map(base.edges) };
      for (let i = 0; i < revision - baseRevision; i++) apply(state, entries.peekAt(i)!.change);
      return state;
    },
    revisionAt(timeUnixNano: bigint): number | undefined {
      const first = entries.peekFront();
      if (first && timeUnixNano < first.timeUnixNano && baseRevision > 0) return undefined;
      let revision = baseRevision;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries.peekAt(i)!;
        if (entry.timeUnixNano > timeUnixNano) break;
        revision = entry.revision;
      }
      return revision;
    },
  };
}
