import { core, rpc, topology, type hub } from "@strata/sdk/contracts";
import { expectInvalidField } from "../helpers/expect-invalid-field.js";
import { pause } from "../helpers/pause.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { check } from "./hub-checks.js";
import { hubOf } from "./hub-services.js";
import { nodeRelayed } from "./relay-wait.js";

const { Code } = rpc;
const idsOf = (answer: hub.GetApplicationTopologyResponse) => answer.nodes.map((n) => n.id).sort();

check("GetApplicationTopology answers the application's graph now, as it was at a past revision and time, and OUT_OF_RANGE before the retained history (once the merged graph has passed it) [hub] [topology] [history]",
  { covers: ["HUB-TOPO-2"] }, async (t) => {
    const asA = hubOf(t.tenantA);
    const applicationId = uniqueApplicationId(t, "hub-history");
    const application = { tenantId: "", applicationId };
    const first = await t.module.driver.create(t, { stem: "hub-history", applicationId });
    const then = await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: 0n }), Code.OK,
      `GetApplicationTopology of ${applicationId} with one ${t.module.driver.resourceKind}`);
    t.ensure(then.nodes.some((n) => n.id === first.id), `GetApplicationTopology of ${applicationId} lacks ${first.id}, its ${t.module.driver.resourceKind} behind the hub`);
    const thenTime = BigInt(Date.now()) * 1_000_000n;
    await pause(20, t.signal);
    const second = await t.module.driver.create(t, { stem: "hub-history", applicationId });
    t.ensure(await nodeRelayed(t, second.id, true), `the hub's graph never showed ${second.id}, created behind it`);
    const now = await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: 0n }), Code.OK, `GetApplicationTopology of ${applicationId} now`);
    t.ensure(now.nodes.some((n) => n.id === second.id), `GetApplicationTopology of ${applicationId} now lacks ${second.id}`);
    const atRevision = await t.expectCode(asA.getApplicationTopology({ application, atRevision: then.revision, atTimeUnixNano: 0n }), Code.OK,
      `GetApplicationTopology of ${applicationId} at revision ${then.revision}`);
    t.equal(idsOf(atRevision), idsOf(then), `GetApplicationTopology of ${applicationId} at revision ${then.revision} must answer the graph as it was then`);
    const atTime = await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: thenTime }), Code.OK,
      `GetApplicationTopology of ${applicationId} at a time before its second ${t.module.driver.resourceKind}`);
    t.equal(idsOf(atTime), idsOf(then), `GetApplicationTopology of ${applicationId} at time ${thenTime} must answer the graph as it was then`);
    // Revision r is outside the history once more than topology_retained_changes changes followed it.
    const retained = BigInt(t.limits.topologyRetainedChanges);
    if (retained === 0n || now.revision <= retained + 1n) {
      return t.log(`the merged graph is at revision ${now.revision} and keeps ${retained} changes: every past revision is within its history, none is OUT_OF_RANGE yet`);
    }
    await t.expectCode(asA.getApplicationTopology({ application, atRevision: 1n, atTimeUnixNano: 0n }), Code.OUT_OF_RANGE,
      `GetApplicationTopology at revision 1, ${now.revision - 1n} changes ago with ${retained} retained`, core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
    await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: 1n }), Code.OUT_OF_RANGE,
      "GetApplicationTopology at 1 ns after the epoch, before the retained history", core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
  });

check("HubService answers each error of its tables: INVALID_ARGUMENT naming the field, PERMISSION_DENIED for ListEndpoints by a tenant, OUT_OF_RANGE for a window beyond the retained breakdown [hub] [errors]",
  { covers: ["CORE-ERR-3", "CORE-ERR-7"] }, async (t) => {
    const asA = hubOf(t.tenantA);
    const applicationId = uniqueApplicationId(t, "hub-errors");
    const noApp = { tenantId: "", applicationId: "" };
    await expectInvalidField(t, asA.getApplicationTopology({ application: undefined, atRevision: 0n, atTimeUnixNano: 0n }), "application.application_id", "GetApplicationTopology without application");
    await expectInvalidField(t, asA.getApplicationTopology({ application: { tenantId: "", applicationId }, atRevision: 1n, atTimeUnixNano: 1n }), "at_time_unix_nano",
      "GetApplicationTopology with both at_revision and at_time_unix_nano");
    await expectInvalidField(t, asA.getApplicationTopology({ application: { tenantId: "", applicationId }, atRevision: 1n << 62n, atTimeUnixNano: 0n }), "at_revision",
      "GetApplicationTopology at a revision above the current one");
    await expectInvalidField(t, asA.getLatencyBreakdown({ application: noApp, windowNs: 0n }), "application.application_id", "GetLatencyBreakdown without application_id");
    await expectInvalidField(t, asA.getTransaction({ traceId: "not-a-trace" }), "trace_id", "GetTransaction of a malformed trace id");
    await expectInvalidField(t, asA.getTransaction({ traceId: "0".repeat(32) }), "trace_id", "GetTransaction of the all-zero trace id");
    await expectInvalidField(t, asA.listApplications({ page: undefined, tenantIds: ["not a tenant id!"] }), "tenant_ids", "ListApplications with a malformed tenant id");
    await t.expectCode(asA.listEndpoints({ page: undefined }), Code.PERMISSION_DENIED, "HubService.ListEndpoints by tenant A", core.ErrorReason.ERROR_REASON_OPERATOR_REQUIRED);
    const { breakdownRetainedNs } = await t.expectCode(asA.getHubLimits({}), Code.OK, "HubService.GetHubLimits by tenant A");
    await t.module.driver.create(t, { stem: "hub-errors", applicationId });
    await t.expectCode(asA.getLatencyBreakdown({ application: { tenantId: "", applicationId }, windowNs: breakdownRetainedNs + 1n }), Code.OUT_OF_RANGE,
      "GetLatencyBreakdown with a window 1 ns longer than breakdown_retained_ns", core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
  });

check("GetHubLimits declares every bound of what the hub holds, and the hub declares FEATURE_TOPOLOGY_HISTORY [hub] [limits]",
  { covers: ["HUB-MEM-1", "HUB-TOPO-2"] }, async (t) => {
    const limits = await t.expectCode(hubOf(t.tenantA).getHubLimits({}), Code.OK, "HubService.GetHubLimits by tenant A");
    const unbounded = Object.entries(limits).filter(([, value]) => value === 0n).map(([name]) => name);
    t.equal(unbounded, [], "GetHubLimits answers 0 for these bounds; a hub bounds what it holds and says each bound");
    t.ensure(limits.breakdownRetainedNs >= limits.breakdownIntervalNs, `GetHubLimits: breakdown_retained_ns ${limits.breakdownRetainedNs} is shorter than one breakdown interval (${limits.breakdownIntervalNs})`);
    t.ensure(t.has(core.Feature.FEATURE_TOPOLOGY_HISTORY), "the hub does not declare FEATURE_TOPOLOGY_HISTORY; a hub keeps the history of its merged graph");
  });

const { RELATION_MAPPED_TO: MAPPED_TO, RELATION_PLACED_ON: PLACED_ON } = topology.Relation;
const edgeKey = (e: topology.Edge) => `${e.fromId} ${topology.Relation[e.relation]} ${e.toId}`;
/** Two nodes of two layers, neither shared by every layer (tenants and applications have no layer). */
const ofTwoLayers = (a: topology.Node, b: topology.Node) =>
  a.layer !== core.Layer.LAYER_UNSPECIFIED && b.layer !== core.Layer.LAYER_UNSPECIFIED && a.layer !== b.layer;

/** The join edges docs/hub.md's rules give between the nodes of a graph ("Joins"). */
function joinEdges(nodes: readonly topology.Node[]): topology.Edge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: topology.Edge[] = [];
  for (const node of nodes) {
    // Named resource: the node another layer's node names by target_id is MAPPED_TO the node naming it.
    const named = byId.get(node.attributes["target_id"] ?? "");
    if (named && ofTwoLayers(named, node)) edges.push({ fromId: named.id, toId: node.id, relation: MAPPED_TO });
    // Host identity: a shared <kind>:<x> node is PLACED_ON another layer's node <x>.
    const prefix = `${node.kind}:`;
    const identity = node.tenantId === "" && node.id.startsWith(prefix) ? byId.get(node.id.slice(prefix.length)) : undefined;
    if (identity && ofTwoLayers(node, identity)) edges.push({ fromId: node.id, toId: identity.id, relation: PLACED_ON });
  }
  return edges;
}

check("The hub's merged graph holds every join edge between two layers' nodes its rules give (a target_id naming another layer's node, a shared <kind>:<id> node of another layer's node), and no such edge the rules no longer give [hub] [topology] [joins]",
  { covers: ["HUB-TOPO-3"] }, async (t) => {
    const graph = await t.expectCode(t.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), Code.OK, "GetTopology of the hub by the operator");
    const expected = joinEdges(graph.nodes).map(edgeKey);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const present = new Set(graph.edges.map(edgeKey));
    // A layer endpoint reports the edges among its own nodes: an edge of these relations between two layers' nodes is a join.
    const joins = graph.edges.filter((e) => (e.relation === MAPPED_TO || e.relation === PLACED_ON)
      && (!byId.has(e.fromId) || !byId.has(e.toId) || ofTwoLayers(byId.get(e.fromId)!, byId.get(e.toId)!))).map(edgeKey);
    if (expected.length === 0) {
      t.log(`the hub's merged graph (revision ${graph.revision}, ${graph.nodes.length} nodes) holds no two nodes of two layers a join rule relates: no join edge to expect`);
    }
    t.equal(expected.filter((e) => !present.has(e)), [], `the hub's merged graph at revision ${graph.revision} lacks these of the ${expected.length} join edges its nodes give`);
    t.equal(joins.filter((e) => !expected.includes(e)), [],
      `the hub's merged graph at revision ${graph.revision} holds these edges between two layers' nodes (or to a node it no longer holds) that no join rule gives`);
  });
