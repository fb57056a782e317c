import { core, rpc, topology } from "@strata/sdk/contracts";
import { expectEdge, expectNode, getTopology } from "../../helpers/topology-expect.js";
import { edgeName, topologyIds } from "../../helpers/topology-view.js";
import { check } from "./access-checks.js";
import { openSession, registerEntryPoint } from "./support/access-resources.js";

const { Code } = rpc;
const { RELATION_OWNS, RELATION_CONNECTS } = topology.Relation;
const LAYER = core.Layer.LAYER_ACCESS;

// The session's own node and its owners are the common suite's (common/topology-graph); these are the
// access catalogue's other kind and relations, and the node changes sessions go through.

check("Entry points and sessions appear with the node kinds and relations of the access catalogue; a closed session's node says so; all go with their resources [access] [topology]",
  { covers: ["ACC-TOPO-1", "TOPO-ACC-1", "TOPO-CAT-1", "TOPO-CAT-4"] }, async (t) => {
    const entryPoint = await registerEntryPoint(t, "topology");
    const session = await openSession(t, "topology", { entryPointId: entryPoint.entryPointId, deviceId: "device-42" });
    const { tenantId, applicationId } = entryPoint.workload!;
    const appNode = topologyIds.application(tenantId, applicationId);
    const what = `after RegisterEntryPoint ${entryPoint.entryPointId} and OpenSession ${session.sessionId}`;
    const graph = await getTopology(t, what);
    expectNode(t, graph, entryPoint.entryPointId, {
      kind: "access.entry_point", layer: LAYER, tenantId, applicationId, displayName: entryPoint.name, attributes: { target: "echo", instance_id: "" },
    }, what);
    expectEdge(t, graph, topologyIds.tenant(tenantId), RELATION_OWNS, appNode, what);
    expectEdge(t, graph, appNode, RELATION_OWNS, entryPoint.entryPointId, what);
    expectEdge(t, graph, appNode, RELATION_OWNS, session.sessionId, what);
    expectEdge(t, graph, session.sessionId, RELATION_CONNECTS, entryPoint.entryPointId, what);

    await t.expectCode(t.tenantA.sessions.closeSession({ sessionId: session.sessionId }), Code.OK, "CloseSession");
    const closedAt = `after CloseSession of ${session.sessionId}`;
    expectNode(t, await getTopology(t, closedAt), session.sessionId, {
      kind: "access.session", layer: LAYER, tenantId, applicationId, attributes: { device_id: "device-42", state: "SESSION_STATE_CLOSED" },
    }, closedAt);

    await t.expectCode(t.tenantA.sessions.deleteSession({ sessionId: session.sessionId }), Code.OK, `DeleteSession ${session.sessionId}`);
    await t.expectCode(t.tenantA.entryPoints.deregisterEntryPoint({ entryPointId: entryPoint.entryPointId }), Code.OK, `DeregisterEntryPoint ${entryPoint.entryPointId}`);
    const gone = await getTopology(t, `after DeleteSession and DeregisterEntryPoint`);
    for (const id of [session.sessionId, entryPoint.entryPointId]) {
      t.ensure(!gone.nodes.some((n) => n.id === id), `node ${id} still present after DeleteSession and DeregisterEntryPoint; the standard removes a gone resource's node`);
      const dangling = gone.edges.find((e) => e.fromId === id || e.toId === id);
      t.ensure(!dangling, `edge ${dangling ? edgeName(dangling) : ""} still present after DeleteSession and DeregisterEntryPoint`);
    }
  });
