import { core, rpc, topology } from "@strata/sdk/contracts";
import { StreamReader } from "@strata/sdk/testing";
import { describeError } from "../helpers/describe-error.js";
import { tenantOf } from "../helpers/drive-calls.js";
import { CHANGE_WAIT_MS, expectEdge, expectNode, getTopology } from "../helpers/topology-expect.js";
import { edgeName, topologyIds } from "../helpers/topology-view.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { checkEachLayer } from "../registry/check-registry.js";

const { RELATION_OWNS } = topology.Relation;

/** An application of its own, so that its node comes and goes with the check's resource. */

checkEachLayer("GetTopology shows a created resource as the catalogue fixes it, owned by its application and tenant [topology]", { covers: ["TOPO-CAT-1", "TOPO-CAT-2", "TOPO-CAT-4", "TOPO-VIS-1", "TOPO-GRAPH-1", "TOPO-GRAPH-2"] }, async (t) => {
  const { driver, layer } = t.module;
  const applicationId = uniqueApplicationId(t, "topology");
  const resource = await driver.create(t, { stem: "topology", applicationId });
  const tenantId = tenantOf(t, resource);
  const what = `after ${driver.rpcs.create} of ${resource.id}`;
  const graph = await getTopology(t, what);

  const tenantNode = topologyIds.tenant(tenantId);
  const appNode = topologyIds.application(tenantId, applicationId);
  expectNode(t, graph, tenantNode, { kind: "tenant", layer: core.Layer.LAYER_UNSPECIFIED, tenantId }, what);
  expectNode(t, graph, appNode, { kind: "application", layer: core.Layer.LAYER_UNSPECIFIED, tenantId, applicationId }, what);
  expectNode(t, graph, resource.id, { ...resource.node, layer, tenantId, applicationId }, what);
  expectEdge(t, graph, tenantNode, RELATION_OWNS, appNode, what);
  expectEdge(t, graph, appNode, RELATION_OWNS, resource.id, what);
  const foreign = graph.nodes.find((n) => n.tenantId !== "" && n.tenantId !== tenantId);
  t.ensure(!foreign, `GetTopology as tenant A shows node ${foreign?.id} of tenant "${foreign?.tenantId}"; a tenant sees its own nodes and shared ones only`);
});

checkEachLayer("Deleting a resource removes its node and edges, and the application node nothing else uses, as the revision rises [topology]", { covers: ["TOPO-CAT-4", "TOPO-CAT-5", "TOPO-GRAPH-2", "TOPO-REV-1"] }, async (t) => {
  const { driver } = t.module;
  const applicationId = uniqueApplicationId(t, "topology");
  const resource = await driver.create(t, { stem: "topology-gone", applicationId });
  const tenantId = tenantOf(t, resource);
  const id = resource.id;
  const before = await getTopology(t, `after ${driver.rpcs.create} of ${id}`);
  t.ensure(before.nodes.some((n) => n.id === id), `GetTopology as tenant A has no node ${id} after ${driver.rpcs.create}; the standard requires the ${driver.resourceKind}'s node`);

  await t.expectCode(driver.delete(t.tenantA, id), rpc.Code.OK, `${driver.rpcs.delete} ${id}`);
  const after = await getTopology(t, `after ${driver.rpcs.delete} of ${id}`);
  t.ensure(!after.nodes.some((n) => n.id === id), `node ${id} still present after ${driver.rpcs.delete}; the standard removes a deleted resource's node and its edges`);
  const dangling = after.edges.find((e) => e.fromId === id || e.toId === id);
  t.ensure(!dangling, `edge ${dangling ? edgeName(dangling) : ""} still present after ${driver.rpcs.delete} of ${id}`);
  const appNode = topologyIds.application(tenantId, applicationId);
  t.ensure(!after.nodes.some((n) => n.id === appNode),
    `node ${appNode} still present after ${driver.rpcs.delete} of the application's only ${driver.resourceKind}; the standard removes it when nothing refers to it`);
  t.ensure(after.revision > before.revision, `GetTopology revisions ${before.revision} then ${after.revision} around ${driver.rpcs.delete}; each change increases the revision`);
});

checkEachLayer("The operator's GetTopology and WatchTopology show every tenant's nodes [topology] [operator]", { covers: ["TOPO-VIS-2", "CORE-TEN-2"] }, async (t) => {
  const { driver } = t.module;
  const [ofA, ofB] = await Promise.all([
    driver.create(t, { stem: "operator-view-a", applicationId: uniqueApplicationId(t, "topology") }),
    driver.create(t, { stem: "operator-view-b", as: t.tenantB, applicationId: uniqueApplicationId(t, "topology") }),
  ]);
  const graph = await t.expectCode(t.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, "GetTopology by the operator");
  const watch = new StreamReader(t.operator.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({})));
  t.track(() => watch.cancel(), "cancel the operator's watch");
  await watch.waitFor(() => watch.messages.some((m) => m.snapshot), CHANGE_WAIT_MS, t.signal);
  const snapshot = watch.messages.find((m) => m.snapshot)?.snapshot;
  if (!snapshot) return t.fail(`the operator's WatchTopology sent no snapshot within ${CHANGE_WAIT_MS} ms${watch.error ? ` (${describeError(watch.error)})` : ""}`);
  for (const [what, nodes] of [["GetTopology", graph.nodes], ["WatchTopology's snapshot", snapshot.nodes]] as const) {
    for (const [owner, resource] of [["A", ofA], ["B", ofB]] as const) {
      t.ensure(nodes.some((n) => n.id === resource.id), `the operator's ${what} lacks node ${resource.id} of tenant ${owner}; an operator sees every tenant's nodes`);
    }
  }
});
