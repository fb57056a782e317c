import { core, rpc, topology } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { expectEdge, expectNode, getTopology } from "../../helpers/topology-expect.js";
import { topologyIds } from "../../helpers/topology-view.js";
import { check } from "./fabric-checks.js";
import { createTarget, createZone, createZonedPair } from "./support/fabric-ports.js";

const { Code } = rpc;
const { RELATION_OWNS, RELATION_CONSISTS_OF, RELATION_PLACED_ON, RELATION_CONNECTS } = topology.Relation;
const LAYER = core.Layer.LAYER_FABRIC;

check("Ports, zones and hosts appear as the fabric catalogue fixes them; a zone connects its initiators to its targets while it lists them [fabric] [topology]",
  { covers: ["FAB-TOPO-1", "TOPO-FAB-1", "FAB-SVC-1"] }, async (t) => {
    const tenantId = await resolveTenantId(t, "tenantA");
    const applicationId = t.config.applicationId;
    const { initiator, target, zone } = await createZonedPair(t, "topo");
    const what = "after CreatePort and CreateZone";
    const graph = await getTopology(t, what);
    const app = topologyIds.application(tenantId, applicationId);
    const portNode = (port: fabric.Port) => expectNode(t, graph, port.portId, {
      kind: "fabric.port", layer: LAYER, tenantId, applicationId, displayName: port.name,
      attributes: {
        role: fabric.portRoleToJSON(port.role), speed_bytes_per_second: String(port.speedBytesPerSecond),
        buffer_frames: String(port.bufferFrames), system_id: port.systemId,
      },
    }, what);
    portNode(initiator);
    portNode(target);
    expectNode(t, graph, zone.zoneId, { kind: "fabric.zone", layer: LAYER, tenantId, applicationId, displayName: zone.name }, what);
    expectNode(t, graph, topologyIds.host(initiator.hostId), { kind: "host", layer: LAYER, tenantId: "" }, what);
    expectEdge(t, graph, topologyIds.tenant(tenantId), RELATION_OWNS, app, what);
    expectEdge(t, graph, app, RELATION_OWNS, initiator.portId, what);
    expectEdge(t, graph, app, RELATION_OWNS, target.portId, what);
    expectEdge(t, graph, app, RELATION_OWNS, zone.zoneId, what);
    expectEdge(t, graph, zone.zoneId, RELATION_CONSISTS_OF, initiator.portId, what);
    expectEdge(t, graph, zone.zoneId, RELATION_CONSISTS_OF, target.portId, what);
    expectEdge(t, graph, initiator.portId, RELATION_PLACED_ON, topologyIds.host(initiator.hostId), what);
    expectEdge(t, graph, initiator.portId, RELATION_CONNECTS, target.portId, what);

    // A second zone of the same pair, then the first one gone: the pair stays connected until no zone lists it.
    const other = await createTarget(t, "topo-other");
    const second = await createZone(t, "topo-second", [initiator.portId], [target.portId, other.portId]);
    await t.expectCode(t.tenantA.fabricZones.deleteZone({ zoneId: zone.zoneId }), Code.OK, "DeleteZone of the first zone");
    const kept = await getTopology(t, "after DeleteZone of one of two zones listing the pair");
    expectEdge(t, kept, initiator.portId, RELATION_CONNECTS, target.portId, "after DeleteZone of one of two zones listing the pair");
    t.ensure(!kept.nodes.some((n) => n.id === zone.zoneId), `GetTopology after DeleteZone still has node ${zone.zoneId}; a deleted zone's node goes`);
    await t.expectCode(t.tenantA.fabricZones.deleteZone({ zoneId: second.zoneId }), Code.OK, "DeleteZone of the second zone");
    const gone = await getTopology(t, "after DeleteZone of every zone listing the pair");
    const connects = gone.edges.filter((e) => e.relation === RELATION_CONNECTS && e.fromId === initiator.portId).map((e) => e.toId);
    t.equal(connects, [], `GetTopology after every zone listing initiator ${initiator.portId} is deleted: the targets it still connects to`);
  });
