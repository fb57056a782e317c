import { rpc, topology } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { expectChanges, expectRevisionsRise, reachRevision, replayWatch, revisionNow, watchTopology } from "../../helpers/topology-expect.js";
import { topologyIds } from "../../helpers/topology-view.js";
import { createVolume, mapVolume, uniqueName } from "./support/storage-volumes.js";
import { check } from "./storage-checks.js";

// The common suite watches a create and a delete; this watches what storage adds: placement and LUN mapping.

const { CHANGE_TYPE_UPSERT, CHANGE_TYPE_REMOVE } = topology.ChangeType;
const { RELATION_PLACED_ON, RELATION_MAPPED_TO } = topology.Relation;
const MS = 1_000_000n;
const HEARTBEAT_MS = 200;

check("WatchTopology sends a volume's placement, and every change of MapVolume and UnmapVolume, in revision order [storage] [topology] [watch]",
  { covers: ["TOPO-WATCH-1", "TOPO-CAT-4", "TOPO-REV-1"] }, async (t) => {
    const reader = watchTopology(t, { heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, "the watch");
    const r0 = await revisionNow(t, "before the changes");
    await reachRevision(t, reader, r0, "from revision 0");

    const volume = await createVolume(t, "watch-map");
    const id = volume.volumeId;
    const r1 = await revisionNow(t, `after CreateVolume of ${id}`);
    const hostId = uniqueName("host");
    const mapping = await mapVolume(t, id, hostId);
    const r2 = await revisionNow(t, `after MapVolume of ${id}`);
    await t.expectCode(t.tenantA.mappings.unmapVolume(storage.UnmapVolumeRequest.fromPartial({ volumeId: id, hostId })), rpc.Code.OK, `UnmapVolume ${id}`);
    const r3 = await revisionNow(t, `after UnmapVolume of ${id}`);
    expectRevisionsRise(t, [["CreateVolume", r0, r1], ["MapVolume", r1, r2], ["UnmapVolume", r2, r3]]);
    await reachRevision(t, reader, r3, "from revision 0");

    const { changes } = replayWatch(t, reader, r0);
    const hostNode = topologyIds.host(hostId);
    const map = mapping.mappingId;
    expectChanges(t, changes, [
      { what: `UPSERT of edge ${id} PLACED_ON ${volume.poolId}`, type: CHANGE_TYPE_UPSERT, edge: [id, RELATION_PLACED_ON, volume.poolId], after: r0, upTo: r1 },
      { what: `UPSERT of node ${map}`, type: CHANGE_TYPE_UPSERT, node: map, after: r1, upTo: r2 },
      { what: `UPSERT of node ${hostNode}`, type: CHANGE_TYPE_UPSERT, node: hostNode, after: r1, upTo: r2 },
      { what: `UPSERT of edge ${id} MAPPED_TO ${map}`, type: CHANGE_TYPE_UPSERT, edge: [id, RELATION_MAPPED_TO, map], after: r1, upTo: r2 },
      { what: `UPSERT of edge ${map} MAPPED_TO ${hostNode}`, type: CHANGE_TYPE_UPSERT, edge: [map, RELATION_MAPPED_TO, hostNode], after: r1, upTo: r2 },
      { what: `REMOVE of node ${map}`, type: CHANGE_TYPE_REMOVE, node: map, after: r2, upTo: r3 },
      { what: `REMOVE of node ${hostNode}`, type: CHANGE_TYPE_REMOVE, node: hostNode, after: r2, upTo: r3 },
    ]);
  });
