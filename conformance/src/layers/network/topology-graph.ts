import { core, rpc, topology } from "@strata/sdk/contracts";
import { randomBytes } from "node:crypto";
import { expectEdge, expectNode, getTopology } from "../../helpers/topology-expect.js";
import { edgeName, topologyIds } from "../../helpers/topology-view.js";
import { check } from "./network-checks.js";
import { makeLan } from "./support/lan.js";

const { RELATION_OWNS, RELATION_CONSISTS_OF, RELATION_CONNECTS, RELATION_PLACED_ON } = topology.Relation;

check("GetTopology shows ports, endpoints and their hosts as the catalogue fixes them, and removes them with the resources [network] [topology]", { covers: ["NET-TOPO-1", "TOPO-NET-1", "TOPO-CAT-1", "TOPO-CAT-2", "TOPO-CAT-4", "TOPO-CAT-5"] }, async (t) => {
  const applicationId = `${t.config.applicationId}-lan-${randomBytes(4).toString("hex")}`;
  const hostId = `conformance-host-${randomBytes(4).toString("hex")}`;
  const lan = await makeLan(t, "topology", { applicationId, hostIds: [hostId, hostId] });
  const tenantId = lan.network.workload!.tenantId;
  const what = "after CreateNetwork, CreatePort and AttachEndpoint";
  const graph = await getTopology(t, what);
  const appNode = topologyIds.application(tenantId, applicationId);
  const host = topologyIds.host(hostId);
  const layer = core.Layer.LAYER_NETWORK;
  expectNode(t, graph, lan.network.networkId, { kind: "network.network", layer, tenantId, applicationId, displayName: lan.network.name }, what);
  expectNode(t, graph, host, { kind: "host", layer, tenantId: "" }, what);
  expectEdge(t, graph, topologyIds.tenant(tenantId), RELATION_OWNS, appNode, what);
  expectEdge(t, graph, appNode, RELATION_OWNS, lan.network.networkId, what);
  for (const [i, port] of lan.ports.entries()) {
    const endpoint = lan.endpoints[i]!;
    expectNode(t, graph, port.portId, { kind: "network.port", layer, tenantId, applicationId, displayName: port.name,
      attributes: { speed_bytes_per_second: String(port.speedBytesPerSecond), queue_capacity_datagrams: String(port.queueCapacityDatagrams) } }, what);
    expectNode(t, graph, endpoint.endpointId, { kind: "network.endpoint", layer, tenantId, applicationId, displayName: endpoint.name, attributes: { address: endpoint.address } }, what);
    expectEdge(t, graph, appNode, RELATION_OWNS, port.portId, what);
    expectEdge(t, graph, lan.network.networkId, RELATION_CONSISTS_OF, port.portId, what);
    expectEdge(t, graph, port.portId, RELATION_CONNECTS, endpoint.endpointId, what);
    expectEdge(t, graph, endpoint.endpointId, RELATION_PLACED_ON, host, what);
  }

  await t.expectCode(t.tenantA.endpoints.detachEndpoint({ endpointId: lan.endpoints[0]!.endpointId }), rpc.Code.OK, "DetachEndpoint of the first endpoint");
  const detached = await getTopology(t, "after DetachEndpoint of one of the host's two endpoints");
  t.ensure(!detached.nodes.some((n) => n.id === lan.endpoints[0]!.endpointId), `node ${lan.endpoints[0]!.endpointId} still present after DetachEndpoint`);
  t.ensure(detached.nodes.some((n) => n.id === host), `node ${host} went with the first of its two endpoints; the standard keeps it while an endpoint refers to it`);
  await t.expectCode(t.tenantA.endpoints.detachEndpoint({ endpointId: lan.endpoints[1]!.endpointId }), rpc.Code.OK, "DetachEndpoint of the second endpoint");
  await t.expectCode(t.tenantA.ports.deletePort({ portId: lan.ports[1]!.portId }), rpc.Code.OK, "DeletePort of the second port");
  const after = await getTopology(t, "after detaching both endpoints and deleting a port");
  t.ensure(!after.nodes.some((n) => n.id === host), `node ${host} still present though no endpoint refers to it; the standard removes it`);
  t.ensure(!after.nodes.some((n) => n.id === lan.ports[1]!.portId), `node ${lan.ports[1]!.portId} still present after DeletePort`);
  const dangling = after.edges.find((e) => [lan.ports[1]!.portId, ...lan.endpoints.map((x) => x.endpointId)].includes(e.fromId) || e.toId === lan.ports[1]!.portId);
  t.ensure(!dangling, `edge ${dangling ? edgeName(dangling) : ""} still present after its resources went`);
  t.ensure(after.nodes.some((n) => n.id === lan.ports[0]!.portId) && after.nodes.some((n) => n.id === appNode),
    "the remaining port and the application node that owns it must stay");
});
