import { core, rpc, topology } from "@strata/sdk/contracts";
import { createTestVolume, mapTestVolume, tenantOf, uniqueSuffix } from "./support/conformance-volumes.js";
import { edgeName, graphProblem, topologyIds } from "../../helpers/topology-view.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

const { RELATION_OWNS, RELATION_PLACED_ON, RELATION_CONSISTS_OF, RELATION_MAPPED_TO } = topology.Relation;
const { LAYER_STORAGE, LAYER_UNSPECIFIED } = core.Layer;

type Graph = topology.GetTopologyResponse;

/** What a node must be, field by field (attributes: only the keys given). */
interface NodeExpectations {
  kind: string;
  layer: core.Layer;
  tenantId: string;
  applicationId?: string;
  displayName?: string;
  attributes?: Record<string, string | RegExp>;
}

async function getTopology(t: StorageContext, what: string): Promise<Graph> {
  const graph = await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, `GetTopology as tenant A ${what}`);
  const problem = graphProblem(graph);
  t.ensure(!problem, `GetTopology as tenant A ${what}: ${problem}`);
  return graph;
}

function expectNode(t: StorageContext, graph: Graph, id: string, expected: NodeExpectations, what: string): topology.Node {
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

function expectEdge(t: StorageContext, graph: Graph, fromId: string, relation: topology.Relation, toId: string, what: string): void {
  const edge = { fromId, toId, relation };
  t.ensure(graph.edges.some((e) => e.fromId === fromId && e.toId === toId && e.relation === relation),
    `GetTopology as tenant A ${what} lacks the edge ${edgeName(edge)}; the standard requires it`);
}

check("GetTopology shows a created and mapped volume with its tenant, application, pool, devices, LUN mapping and host, related as the catalogue fixes [storage] [topology]",
  {}, async (t: StorageContext) => {
    const applicationId = `${t.config.applicationId}-topology-${uniqueSuffix()}`;
    const volume = await createTestVolume(t, "topology", { applicationId });
    const tenantId = tenantOf(t, volume);
    const hostId = `conformance-host-${uniqueSuffix()}`;
    const mapping = await mapTestVolume(t, volume.volumeId, hostId);
    const what = `after CreateVolume and MapVolume of ${volume.volumeId}`;
    const graph = await getTopology(t, what);

    const tenantNode = topologyIds.tenant(tenantId);
    const appNode = topologyIds.application(tenantId, applicationId);
    const hostNode = topologyIds.host(hostId);
    expectNode(t, graph, tenantNode, { kind: "tenant", layer: LAYER_UNSPECIFIED, tenantId }, what);
    expectNode(t, graph, appNode, { kind: "application", layer: LAYER_UNSPECIFIED, tenantId, applicationId }, what);
    expectNode(t, graph, volume.volumeId, {
      kind: "storage.volume", layer: LAYER_STORAGE, tenantId, applicationId, displayName: volume.name,
      attributes: { capacity_bytes: String(volume.capacityBytes), provisioning: storage.provisioningToJSON(volume.provisioning) },
    }, what);
    expectNode(t, graph, volume.poolId, { kind: "storage.pool", layer: LAYER_STORAGE, tenantId: "", attributes: { capacity_bytes: /^\d+$/ } }, what);
    expectNode(t, graph, mapping.mappingId, {
      kind: "storage.lun_mapping", layer: LAYER_STORAGE, tenantId, applicationId,
      attributes: { host_id: hostId, lun: String(mapping.lun) },
    }, what);
    expectNode(t, graph, hostNode, { kind: "host", layer: LAYER_STORAGE, tenantId: "" }, what);

    expectEdge(t, graph, tenantNode, RELATION_OWNS, appNode, what);
    expectEdge(t, graph, appNode, RELATION_OWNS, volume.volumeId, what);
    expectEdge(t, graph, volume.volumeId, RELATION_PLACED_ON, volume.poolId, what);
    expectEdge(t, graph, volume.volumeId, RELATION_MAPPED_TO, mapping.mappingId, what);
    expectEdge(t, graph, mapping.mappingId, RELATION_MAPPED_TO, hostNode, what);
    const devices = graph.edges.filter((e) => e.fromId === volume.poolId && e.relation === RELATION_CONSISTS_OF).map((e) => e.toId);
    t.ensure(devices.length > 0, `GetTopology as tenant A ${what}: pool ${volume.poolId} has no CONSISTS_OF edge to a device; the standard requires pool CONSISTS_OF device`);
    for (const device of devices) {
      expectNode(t, graph, device, { kind: "storage.device", layer: LAYER_STORAGE, tenantId: "", attributes: { device_kind: /^DEVICE_KIND_[A-Z0-9_]+$/ } }, what);
    }
    const foreign = graph.nodes.find((n) => n.tenantId !== "" && n.tenantId !== tenantId);
    t.ensure(!foreign, `GetTopology as tenant A shows node ${foreign?.id} of tenant "${foreign?.tenantId}"; a tenant sees its own nodes and shared ones only`);
  });

check("Unmapping and deleting a volume removes its nodes and edges, and the application and host nodes nothing else uses [storage] [topology]",
  {}, async (t: StorageContext) => {
    const applicationId = `${t.config.applicationId}-topology-${uniqueSuffix()}`;
    const volume = await createTestVolume(t, "topology-gone", { applicationId });
    const tenantId = tenantOf(t, volume);
    const hostId = `conformance-host-${uniqueSuffix()}`;
    const mapping = await mapTestVolume(t, volume.volumeId, hostId);
    const id = volume.volumeId;
    const before = await getTopology(t, `after CreateVolume and MapVolume of ${id}`);
    t.ensure(before.nodes.some((n) => n.id === id), `GetTopology as tenant A has no node ${id} after CreateVolume; the standard requires the volume's node`);

    await t.expectCode(t.tenantA.mappings.unmapVolume(storage.UnmapVolumeRequest.fromPartial({ volumeId: id, hostId })), rpc.Code.OK, `UnmapVolume ${id} from ${hostId}`);
    const unmapped = await getTopology(t, `after UnmapVolume of ${id}`);
    t.ensure(!unmapped.nodes.some((n) => n.id === mapping.mappingId),
      `node ${mapping.mappingId} (storage.lun_mapping) still present after UnmapVolume; the standard removes a mapping's node with it`);
    t.ensure(!unmapped.nodes.some((n) => n.id === topologyIds.host(hostId)),
      `node ${topologyIds.host(hostId)} still present after UnmapVolume, though no other mapping uses host ${hostId}; the standard removes it when nothing refers to it`);

    await t.expectCode(t.tenantA.volumes.deleteVolume(storage.DeleteVolumeRequest.fromPartial({ volumeId: id })), rpc.Code.OK, `DeleteVolume ${id}`);
    const after = await getTopology(t, `after DeleteVolume of ${id}`);
    t.ensure(!after.nodes.some((n) => n.id === id), `node ${id} still present after DeleteVolume; the standard removes a deleted resource's node and its edges`);
    const dangling = after.edges.find((e) => [id, mapping.mappingId].includes(e.fromId) || [id, mapping.mappingId].includes(e.toId));
    t.ensure(!dangling, `edge ${dangling ? edgeName(dangling) : ""} still present after DeleteVolume of ${id}`);
    const appNode = topologyIds.application(tenantId, applicationId);
    t.ensure(!after.nodes.some((n) => n.id === appNode),
      `node ${appNode} still present after DeleteVolume of the application's only volume; the standard removes it when nothing refers to it`);
    const { volumes } = await t.expectCode(t.tenantA.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({ page: { pageSize: 1 } })), rpc.Code.OK, "ListVolumes as tenant A");
    if (volumes.length === 0) {
      const tenantNode = topologyIds.tenant(tenantId);
      t.ensure(!after.nodes.some((n) => n.id === tenantNode),
        `node ${tenantNode} still present though tenant A owns no volume any more; the standard removes it when nothing refers to it`);
    }
    t.ensure(after.revision > unmapped.revision && unmapped.revision > before.revision,
      `GetTopology revisions ${before.revision}, ${unmapped.revision}, ${after.revision} around UnmapVolume and DeleteVolume; each change increases the revision`);
  });
