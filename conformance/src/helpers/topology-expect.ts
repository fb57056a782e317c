import { core, rpc, topology } from "@strata/sdk/contracts";
import { StreamReader } from "@strata/sdk/testing";
import type { CheckContext } from "../runner/check-context.js";
import { edgeName, GraphState, graphProblem } from "./topology-view.js";

type Graph = topology.GetTopologyResponse;

/** How long a change may take to reach a watcher, ms. */
export const CHANGE_WAIT_MS = 2000;

/** What a node must be, field by field (attributes: only the keys given). */
export interface NodeExpectations {
  kind: string;
  layer: core.Layer;
  tenantId: string;
  applicationId?: string;
  displayName?: string;
  attributes?: Readonly<Record<string, string | RegExp>>;
}

/** GetTopology as tenant A, failing on a graph that breaks the model. */
export async function getTopology(t: CheckContext, what: string): Promise<Graph> {
  const graph = await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, `GetTopology as tenant A ${what}`);
  const problem = graphProblem(graph);
  t.ensure(!problem, `GetTopology as tenant A ${what}: ${problem}`);
  return graph;
}

/** The node `id` of the graph, failing with the first field that differs from what the catalogue fixes. */
export function expectNode(t: CheckContext, graph: Graph, id: string, expected: NodeExpectations, what: string): topology.Node {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) {
    return t.fail(`GetTopology as tenant A ${what} has no node ${id}; the catalogue requires a ${expected.kind} node with that id`);
  }
  const at = `node ${id} (${expected.kind})`;
  const field = (name: string, got: string, want: string) =>
    `${at} has ${name} "${got}" instead of ${want}: the catalogue fixes ${name} on ${expected.kind} nodes`;
  t.ensure(node.kind === expected.kind, field("kind", node.kind, `"${expected.kind}"`));
  t.ensure(node.layer === expected.layer, field("layer", core.layerToJSON(node.layer), core.layerToJSON(expected.layer)));
  t.ensure(node.tenantId === expected.tenantId, field("tenant_id", node.tenantId, expected.tenantId === "" ? "none (shared)" : `"${expected.tenantId}"`));
  if (expected.applicationId !== undefined) {
    t.ensure(node.applicationId === expected.applicationId, field("application_id", node.applicationId, `"${expected.applicationId}"`));
  }
  if (expected.displayName !== undefined) {
    t.ensure(node.displayName === expected.displayName, field("display_name", node.displayName, `"${expected.displayName}"`));
  }
  for (const [key, want] of Object.entries(expected.attributes ?? {})) {
    const got = node.attributes[key];
    const ok = got !== undefined && (typeof want === "string" ? got === want : want.test(got));
    t.ensure(ok, got === undefined
      ? `${at} lacks attribute ${key}: the catalogue fixes ${key} on ${expected.kind} nodes`
      : field(`attribute ${key}`, got, typeof want === "string" ? `"${want}"` : `a value matching ${want}`));
  }
  return node;
}

/** Fails unless the graph holds the edge. */
export function expectEdge(t: CheckContext, graph: Graph, fromId: string, relation: topology.Relation, toId: string, what: string): void {
  const edge = { fromId, toId, relation };
  t.ensure(graph.edges.some((e) => e.fromId === fromId && e.toId === toId && e.relation === relation),
    `GetTopology as tenant A ${what} lacks the edge ${edgeName(edge)}; the standard requires it`);
}

export type Watch = StreamReader<topology.WatchTopologyResponse>;

/** A WatchTopology stream as tenant A, read in the background and cancelled when the check ends. */
export function watchTopology(t: CheckContext, request: Partial<topology.WatchTopologyRequest>, what: string): Watch {
  const reader = new StreamReader(t.tenantA.topology.watchTopology(topology.WatchTopologyRequest.fromPartial(request)));
  t.track(() => reader.cancel(), `cancel ${what}`);
  return reader;
}

/** GetTopology's revision as tenant A now. */
export async function revisionNow(t: CheckContext, what: string): Promise<bigint> {
  const graph = await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, `GetTopology as tenant A ${what}`);
  return graph.revision;
}

/** Waits until the watch has sent something at or past `revision`; fails if it broke or stayed silent. */
export async function reachRevision(t: CheckContext, reader: Watch, revision: bigint, what: string): Promise<void> {
  const reached = await reader.waitFor(() => reader.messages.some((m) => m.revision >= revision), CHANGE_WAIT_MS, t.signal);
  if (reader.error) t.fail(`WatchTopology ${what} failed: ${reader.error.message}`);
  t.ensure(reached, `WatchTopology ${what} sent nothing at revision ${revision} or later within ${CHANGE_WAIT_MS} ms `
    + `(last revision ${reader.messages.at(-1)?.revision ?? "none"}); GetTopology is at ${revision}, and every change reaches a watcher`);
}

/** One change the watch must have sent, located by what it touches, in the revision window (after, upTo]. */
export interface ExpectedChange {
  what: string;
  type: topology.ChangeType;
  node?: string;
  edge?: [string, topology.Relation, string];
  after: bigint;
  upTo: bigint;
}

export interface WatchedChange {
  revision: bigint;
  change: topology.Change;
}

/** Fails unless every expected change was sent, each within its revision window. */
export function expectChanges(t: CheckContext, changes: readonly WatchedChange[], expected: readonly ExpectedChange[]): void {
  for (const e of expected) {
    const found = changes.find(({ change }) => change.type === e.type && (e.node !== undefined
      ? change.node?.id === e.node
      : change.edge?.fromId === e.edge![0] && change.edge.relation === e.edge![1] && change.edge.toId === e.edge![2]));
    if (!found) {
      t.fail(`WatchTopology never sent the ${e.what} (expected between revisions ${e.after} and ${e.upTo}, by GetTopology); `
        + `it sent ${changes.length} changes up to revision ${changes.at(-1)?.revision ?? "none"}`);
    }
    t.ensure(found.revision > e.after && found.revision <= e.upTo,
      `WatchTopology sent the ${e.what} at revision ${found.revision}; GetTopology places that step between ${e.after} and ${e.upTo}`);
  }
}

/**
 * Reads a watch from revision 0 the way a watcher keeping up must see it: a
 * snapshot (reset false, not past `r0`), then changes in increasing revision
 * order (heartbeats never going back), each applying cleanly to the graph.
 * Returns the graph as the watcher holds it and every change.
 */
export function replayWatch(t: CheckContext, reader: Watch, r0: bigint): { state: GraphState; changes: WatchedChange[] } {
  const [first, ...rest] = reader.messages;
  if (!first?.snapshot) t.fail(`WatchTopology from revision 0 began with ${first?.change ? "a change" : first?.heartbeat ? "a heartbeat" : "nothing"}; the standard sends the snapshot first`);
  t.ensure(!first.snapshot.reset, "WatchTopology from revision 0 sent its first snapshot with reset = true; the standard requires reset = false");
  t.ensure(first.revision <= r0, `the snapshot is at revision ${first.revision}, past GetTopology's ${r0} taken after it`);
  const state = new GraphState(first.snapshot);
  const changes: WatchedChange[] = [];
  let last = first.revision;
  for (const message of rest) {
    t.ensure(!message.snapshot, `WatchTopology sent a second snapshot (revision ${message.revision}, reset ${message.snapshot?.reset}) to a watcher keeping up`);
    if (message.heartbeat) {
      t.ensure(message.revision >= last, `a heartbeat at revision ${message.revision} after revision ${last}; revisions never go back`);
      continue;
    }
    if (!message.change) t.fail(`a WatchTopology message at revision ${message.revision} carries no payload`);
    t.ensure(message.revision > last, `a change at revision ${message.revision} after revision ${last}; the standard sends changes in increasing revision order`);
    last = message.revision;
    const problem = state.apply(message.change, message.revision);
    t.ensure(!problem, `WatchTopology: ${problem}`);
    changes.push({ revision: message.revision, change: message.change });
  }
  return { state, changes };
}

/** Fails unless the revisions GetTopology gave around each step increased. */
export function expectRevisionsRise(t: CheckContext, steps: ReadonlyArray<[string, bigint, bigint]>): void {
  for (const [step, before, after] of steps) {
    t.ensure(after > before, `GetTopology's revision went from ${before} to ${after} across ${step}; the standard increases it with every change`);
  }
}
