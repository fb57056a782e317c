import { core, rpc, topology } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { expectEdge, expectNode, getTopology } from "../../helpers/topology-expect.js";
import { edgeName, topologyIds } from "../../helpers/topology-view.js";
import { createVolume, mapVolume, uniqueName } from "./support/storage-volumes.js";
import { check } from "./storage-checks.js";

// The common suite checks the nodes every layer shares (tenant, application, the resource) and
// their removal; these are the storage catalogue's own: pool, devices, LUN mappings and hosts.

const { RELATION_PLACED_ON, RELATION_CONSISTS_OF, RELATION_MAPPED_TO, RELATION_OWNS } = topology.Relation;
const { LAYER_STORAGE } = core.Layer;

check("GetTopology shows a mapped volume placed on its pool and devices, with its LUN mapping and host, related as the catalogue fixes [storage] [topology]",
  { covers: ["TOPO-CAT-1", "TOPO-CAT-2", "TOPO-CAT-3"] }, async (t) => {
    const applicationId = uniqueName(`${t.config.applicationId}-topology`);
    const volume = await createVolume(t, "topology", { applicationId });
    const tenantId = t.tenantIds.tenantA ?? volume.workload?.tenantId ?? "";
    const hostId = uniqueName("host");
    const mapping = await mapVolume(t, volume.volumeId, hostId);
    const what = `after CreateVolume and MapVolume of ${volume.volumeId}`;
    const graph = await getTopology(t, what);

    const hostNode = topologyIds.host(hostId);
    expectNode(t, graph, volume.poolId, { kind: "storage.pool", layer: LAYER_STORAGE, tenantId: "", attributes: { capacity_bytes: /^\d+$/ } }, what);
    expectNode(t, graph, mapping.mappingId, {
      kind: "storage.lun_mapping", layer: LAYER_STORAGE, tenantId, applicationId,
      attributes: { host_id: hostId, lun: String(mapping.lun) },
    }, what);
    expectNode(t, graph, hostNode, { kind: "host", layer: LAYER_STORAGE, tenantId: "" }, what);
    expectEdge(t, graph, volume.volumeId, RELATION_PLACED_ON, volume.poolId, what);
    expectEdge(t, graph, volume.volumeId, RELATION_MAPPED_TO, mapping.mappingId, what);
    expectEdge(t, graph, mapping.mappingId, RELATION_MAPPED_TO, hostNode, what);
    const devices = graph.edges.filter((e) => e.fromId === volume.poolId && e.relation === RELATION_CONSISTS_OF).map((e) => e.toId);
    t.ensure(devices.length > 0, `GetTopology as tenant A ${what}: pool ${volume.poolId} has no CONSISTS_OF edge to a device; the standard requires pool CONSISTS_OF device`);
    for (const device of devices) {
      expectNode(t, graph, device, { kind: "storage.device", layer: LAYER_STORAGE, tenantId: "", attributes: { device_kind: /^DEVICE_KIND_[A-Z0-9_]+$/ } }, what);
    }
    // The graph describes the same devices as PlacementService: a device's device_kind is the kind GetPlacement declares for it.
    const placement = await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: volume.volumeId }), rpc.Code.OK, `GetPlacement of ${volume.volumeId}`);
    for (const device of placement.devices) {
      expectNode(t, graph, device.deviceId, { kind: "storage.device", layer: LAYER_STORAGE, tenantId: "", attributes: { device_kind: storage.deviceKindToJSON(device.kind) } },
        `${what} (GetPlacement of the volume declares device ${device.deviceId} of kind ${storage.deviceKindToJSON(device.kind)})`);
    }
  });

check("Unmapping a volume removes its mapping's node and the host node nothing else uses; a tenant without volumes loses its node [storage] [topology]",
  { covers: ["TOPO-CAT-4", "TOPO-CAT-5", "TOPO-GRAPH-2", "TOPO-REV-1"] }, async (t) => {
    const volume = await createVolume(t, "topology-unmap");
    const tenantId = t.tenantIds.tenantA ?? volume.workload?.tenantId ?? "";
    const hostId = uniqueName("host");
    const mapping = await mapVolume(t, volume.volumeId, hostId);
    const id = volume.volumeId;
    const before = await getTopology(t, `after CreateVolume and MapVolume of ${id}`);

    await t.expectCode(t.tenantA.mappings.unmapVolume(storage.UnmapVolumeRequest.fromPartial({ volumeId: id, hostId })), rpc.Code.OK, `UnmapVolume ${id} from ${hostId}`);
    const unmapped = await getTopology(t, `after UnmapVolume of ${id}`);
    t.ensure(!unmapped.nodes.some((n) => n.id === mapping.mappingId),
      `node ${mapping.mappingId} (storage.lun_mapping) still present after UnmapVolume; the standard removes a mapping's node with it`);
    t.ensure(!unmapped.nodes.some((n) => n.id === topologyIds.host(hostId)),
      `node ${topologyIds.host(hostId)} still present after UnmapVolume, though no other mapping uses host ${hostId}; the standard removes it when nothing refers to it`);
    const dangling = unmapped.edges.find((e) => e.fromId === mapping.mappingId || e.toId === mapping.mappingId);
    t.ensure(!dangling, `edge ${dangling ? edgeName(dangling) : ""} still present after UnmapVolume of ${id}`);
    t.ensure(unmapped.revision > before.revision, `GetTopology revisions ${before.revision} then ${unmapped.revision} around UnmapVolume; each change increases the revision`);

    await t.expectCode(t.tenantA.volumes.deleteVolume(storage.DeleteVolumeRequest.fromPartial({ volumeId: id })), rpc.Code.OK, `DeleteVolume ${id}`);
    const after = await getTopology(t, `after DeleteVolume of ${id}`);
    const { volumes } = await t.expectCode(t.tenantA.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({ page: { pageSize: 1 } })), rpc.Code.OK, "ListVolumes as tenant A");
    if (volumes.length === 0) {
      const tenantNode = topologyIds.tenant(tenantId);
      t.ensure(!after.nodes.some((n) => n.id === tenantNode),
        `node ${tenantNode} still present though tenant A owns no volume any more; the standard removes it when nothing refers to it`);
    }
  });

check("ExpandVolume upserts the volume's node with its new capacity_bytes [storage] [topology] [expansion]",
  { requires: [core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION], covers: ["TOPO-CAT-4", "TOPO-CAT-2"] }, async (t) => {
    const volume = await createVolume(t, "topology-expand");
    const tenantId = t.tenantIds.tenantA ?? volume.workload?.tenantId ?? "";
    const grown = 2n * volume.capacityBytes;
    await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId: volume.volumeId, capacityBytes: grown }), rpc.Code.OK, `ExpandVolume of ${volume.volumeId} to ${grown} bytes`);
    const graph = await getTopology(t, `after ExpandVolume of ${volume.volumeId} from ${volume.capacityBytes} to ${grown} bytes`);
    expectNode(t, graph, volume.volumeId, { kind: "storage.volume", layer: LAYER_STORAGE, tenantId, attributes: { capacity_bytes: String(grown) } },
      `after ExpandVolume of ${volume.volumeId} from ${volume.capacityBytes} to ${grown} bytes`);
  });

check("Deleting one of two volumes of an application keeps the application's node and the other volume's edges [storage] [topology]",
  { covers: ["TOPO-CAT-5", "TOPO-CAT-4", "TOPO-CAT-3"] }, async (t) => {
    const applicationId = uniqueName(`${t.config.applicationId}-shared`);
    const [gone, kept] = await Promise.all([createVolume(t, "topology-gone", { applicationId }), createVolume(t, "topology-kept", { applicationId })]);
    const tenantId = t.tenantIds.tenantA ?? kept.workload?.tenantId ?? "";
    await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId: gone.volumeId }), rpc.Code.OK, `DeleteVolume ${gone.volumeId}`);
    const what = `after DeleteVolume of ${gone.volumeId}, while ${kept.volumeId} of the same application remains`;
    const graph = await getTopology(t, what);
    const applicationNode = topologyIds.application(tenantId, applicationId);
    t.ensure(graph.nodes.some((n) => n.id === applicationNode), `GetTopology as tenant A ${what} has no node ${applicationNode}; `
      + "the standard removes an application node only when nothing refers to it any more");
    expectEdge(t, graph, topologyIds.tenant(tenantId), RELATION_OWNS, applicationNode, what);
    expectEdge(t, graph, applicationNode, RELATION_OWNS, kept.volumeId, what);
    t.ensure(!graph.nodes.some((n) => n.id === gone.volumeId), `node ${gone.volumeId} still present ${what}; the standard removes a deleted volume's node`);
  });
