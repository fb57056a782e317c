import type { StrataError } from "@strata/sdk/client";
import { core, rpc, telemetry, topology } from "@strata/sdk/contracts";
import { collectStream } from "../../helpers/collect-stream.js";
import { mappingsOf, policiesOf, volumesOf } from "./support/list-pages.js";
import { createVolume, mapVolume, MiB, pattern, uniqueName } from "./support/storage-volumes.js";
import { tenantIdOf } from "./support/tenant-id.js";
import { walkPages } from "./support/walk-pages.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

/** Tenant A's volume with a recognisable first block, mapped to a host, with a QoS policy. */
async function tenantAVolume(t: StorageContext) {
  const volume = await createVolume(t, "tenant-a");
  const data = pattern(512, 30);
  await t.expectCode(t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: 0n, data, durable: false }), Code.OK, "Write by tenant A");
  const hostId = uniqueName("host");
  const mapping = await mapVolume(t, volume.volumeId, hostId);
  await t.expectCode(t.tenantA.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId: volume.volumeId }, maxIops: 100_000n }) }),
    Code.OK, "SetQosPolicy by tenant A");
  t.track(() => t.tenantA.qos.deleteQosPolicy({ target: { volumeId: volume.volumeId } }), "DeleteQosPolicy");
  return { volume, data, hostId, mapping };
}

/** The message of a NOT_FOUND with the id it names replaced, to compare shapes. */
const shapeOf = (error: StrataError, id: string) => `${error.code} ${error.reasonName} ${error.message.replaceAll(id, "<id>")}`;

/**
 * Asserts that tenant B's call on tenant A's resource answers exactly as the
 * same call on an id that does not exist: NOT_FOUND, same reason, same
 * message shape. An OK is reported as the leak it is.
 */
async function expectHidden(t: StorageContext, what: string, leak: string, foreignId: string, call: (id: string) => Promise<unknown>): Promise<void> {
  const absentId = uniqueName("absent");
  const [foreign, absent] = await Promise.allSettled([call(foreignId), call(absentId)]);
  if (foreign.status === "fulfilled") {
    t.fail(`${leak} through ${what}; the standard requires NOT_FOUND, exactly as for a volume that does not exist`);
  }
  const error = await t.expectCode(Promise.reject(foreign.reason), Code.NOT_FOUND, `${what} by tenant B of tenant A's volume`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  const control = await t.expectCode(absent.status === "fulfilled" ? Promise.resolve(absent.value) : Promise.reject(absent.reason),
    Code.NOT_FOUND, `${what} of a volume that does not exist`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  t.equal(shapeOf(error, foreignId), shapeOf(control, absentId),
    `${what}: tenant B's answer for tenant A's volume differs from the answer for a volume that does not exist, which reveals that it exists`);
}

check("Tenant B cannot reach tenant A's volume: Get, Read, Write, Expand, Map, GetPlacement and QoS answer NOT_FOUND [storage] [tenancy]", {}, async (t) => {
  const { volume, data } = await tenantAVolume(t);
  const b = t.tenantB;
  const hostId = uniqueName("host");
  await expectHidden(t, "GetVolume", "tenant B read tenant A's volume", volume.volumeId, (volumeId) => b.volumes.getVolume({ volumeId }));
  await expectHidden(t, "Read", "tenant B read tenant A's data", volume.volumeId, (volumeId) => b.block.read({ volumeId, offsetBytes: 0n, lengthBytes: 512n }));
  await expectHidden(t, "Write", "tenant B wrote to tenant A's volume", volume.volumeId,
    (volumeId) => b.block.write({ volumeId, offsetBytes: 0n, data: Buffer.alloc(512), durable: false }));
  if (t.has(core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION)) {
    await expectHidden(t, "ExpandVolume", "tenant B expanded tenant A's volume", volume.volumeId, (volumeId) => b.volumes.expandVolume({ volumeId, capacityBytes: 2n * MiB }));
  }
  await expectHidden(t, "MapVolume", "tenant B mapped tenant A's volume", volume.volumeId, (volumeId) => b.mappings.mapVolume({ volumeId, hostId }));
  await expectHidden(t, "GetPlacement", "tenant B read tenant A's placement", volume.volumeId, (volumeId) => b.placement.getPlacement({ volumeId }));
  await expectHidden(t, "GetQosPolicy", "tenant B read tenant A's QoS policy", volume.volumeId, (volumeId) => b.qos.getQosPolicy({ target: { volumeId } }));
  await expectHidden(t, "SetQosPolicy", "tenant B set tenant A's QoS policy", volume.volumeId,
    (volumeId) => b.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId }, maxIops: 1n }) }));
  const { volume: after } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume by tenant A");
  t.equal(after?.capacityBytes, volume.capacityBytes, "tenant B's calls changed tenant A's volume");
  const { data: read } = await t.expectCode(t.tenantA.block.read({ volumeId: volume.volumeId, offsetBytes: 0n, lengthBytes: 512n }), Code.OK, "Read by tenant A");
  t.ensure(read.equals(data), "tenant A's data changed after tenant B's Write to its volume");
});

check("Tenant B's DeleteVolume, UnmapVolume and DeleteQosPolicy of tenant A's resources answer OK and change nothing [storage] [tenancy]", {}, async (t) => {
  const { volume, hostId, mapping } = await tenantAVolume(t);
  const target = { volumeId: volume.volumeId };
  await t.expectCode(t.tenantB.mappings.unmapVolume({ volumeId: volume.volumeId, hostId }), Code.OK, "UnmapVolume by tenant B of tenant A's mapping");
  await t.expectCode(t.tenantB.qos.deleteQosPolicy({ target }), Code.OK, "DeleteQosPolicy by tenant B of tenant A's volume");
  await t.expectCode(t.tenantB.volumes.deleteVolume({ volumeId: volume.volumeId }), Code.OK, "DeleteVolume by tenant B of tenant A's volume");
  await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume by tenant A after tenant B's delete");
  const mappings = await walkPages(t, "ListMappings by tenant A", mappingsOf(t.tenantA, { volumeId: volume.volumeId }));
  t.ensure(mappings.some((m) => m.mappingId === mapping.mappingId), "tenant B's UnmapVolume removed tenant A's mapping; it must change nothing");
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target }), Code.OK, "GetQosPolicy by tenant A after tenant B's DeleteQosPolicy");
});

check("Tenant B's lists never include tenant A's volumes, mappings or QoS policies [storage] [tenancy] [pagination]", {}, async (t) => {
  const { volume, mapping } = await tenantAVolume(t);
  const b = t.tenantB;
  const volumes = await walkPages(t, "ListVolumes by tenant B", volumesOf(b));
  t.ensure(!volumes.some((v) => v.volumeId === volume.volumeId), "tenant B's ListVolumes lists tenant A's volume");
  const sameApplication = await walkPages(t, "ListVolumes by tenant B filtered by tenant A's application", volumesOf(b, t.config.applicationId));
  t.ensure(!sameApplication.some((v) => v.volumeId === volume.volumeId), "tenant B's ListVolumes filtered by application_id lists tenant A's volume");
  const mappings = await walkPages(t, "ListMappings by tenant B", mappingsOf(b));
  t.ensure(!mappings.some((m) => m.mappingId === mapping.mappingId || m.volumeId === volume.volumeId), "tenant B's ListMappings lists tenant A's mapping");
  const byVolume = await walkPages(t, "ListMappings by tenant B filtered by tenant A's volume_id", mappingsOf(b, { volumeId: volume.volumeId }));
  t.equal(byVolume.map((m) => m.mappingId), [], "tenant B's ListMappings filtered by tenant A's volume_id must match nothing");
  const policies = await walkPages(t, "ListQosPolicies by tenant B", policiesOf(b));
  t.ensure(!policies.some((p) => p.target?.volumeId === volume.volumeId), "tenant B's ListQosPolicies lists tenant A's policy");
});

check("Subscribe by tenant B naming tenant A answers PERMISSION_DENIED [storage] [tenancy] [telemetry]", {}, async (t) => {
  const tenantA = await tenantIdOf(t, "tenantA");
  for (const mode of [telemetry.Mode.MODE_ONCE, telemetry.Mode.MODE_STREAM]) {
    const stream = t.tenantB.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode, selector: { tenantIds: [tenantA], includeRecords: true } }));
    // A stream that wrongly opens has leaked on its first message: no need to wait for more.
    await t.expectCode(collectStream(stream, { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 }), Code.PERMISSION_DENIED,
      `TelemetryService.Subscribe (${telemetry.modeToJSON(mode)}) by tenant B with selector.tenant_ids = [tenant A]`, Reason.ERROR_REASON_TENANT_MISMATCH);
  }
});

check("GetTopology and WatchTopology by tenant B naming tenant A answer PERMISSION_DENIED, and B's graph holds none of A's nodes [storage] [tenancy] [topology]", {}, async (t) => {
  const { volume } = await tenantAVolume(t);
  const tenantA = await tenantIdOf(t, "tenantA");
  await t.expectCode(t.tenantB.topology.getTopology(topology.GetTopologyRequest.fromPartial({ tenantIds: [tenantA] })), Code.PERMISSION_DENIED,
    "TopologyService.GetTopology by tenant B with tenant_ids = [tenant A]", Reason.ERROR_REASON_TENANT_MISMATCH);
  const watch = t.tenantB.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({ tenantIds: [tenantA] }));
  await t.expectCode(collectStream(watch, { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 }), Code.PERMISSION_DENIED,
    "TopologyService.WatchTopology by tenant B with tenant_ids = [tenant A]", Reason.ERROR_REASON_TENANT_MISMATCH);
  const graph = await t.expectCode(t.tenantB.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), Code.OK, "TopologyService.GetTopology by tenant B");
  const leaked = graph.nodes.filter((n) => n.tenantId === tenantA || n.id === volume.volumeId).map((n) => `${n.kind} ${n.id}`);
  t.ensure(leaked.length === 0, `tenant B's topology holds tenant A's nodes: ${leaked.join(", ")}; a tenant sees only its own and shared nodes`);
  const edges = graph.edges.filter((e) => e.fromId === volume.volumeId || e.toId === volume.volumeId);
  t.ensure(edges.length === 0, `tenant B's topology holds ${edges.length} edges of tenant A's volume ${volume.volumeId}`);
});

check("The operator reaches every tenant's volumes: GetVolume, Read and ListVolumes of both tenants [storage] [tenancy] [operator]", {}, async (t) => {
  const applicationId = uniqueName("operator-view");
  const [ofA, ofB] = await Promise.all([createVolume(t, "op-a", { applicationId }), createVolume(t, "op-b", { applicationId, as: t.tenantB })]);
  for (const [owner, volume] of [["A", ofA], ["B", ofB]] as const) {
    const { volume: got } = await t.expectCode(t.operator.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, `GetVolume by the operator of tenant ${owner}'s volume`);
    t.equal(got?.workload?.tenantId, volume.workload?.tenantId, `GetVolume by the operator must show tenant ${owner}'s volume with its owner`);
    await t.expectCode(t.operator.block.read({ volumeId: volume.volumeId, offsetBytes: 0n, lengthBytes: 512n }), Code.OK, `Read by the operator of tenant ${owner}'s volume`);
  }
  const listed = (await walkPages(t, "ListVolumes by the operator", volumesOf(t.operator, applicationId))).map((v) => v.volumeId).sort();
  t.equal(listed, [ofA.volumeId, ofB.volumeId].sort(), "the operator's ListVolumes must list every tenant's volumes");
});

check("The operator may create a volume for tenant A by naming it [storage] [tenancy] [operator]", {}, async (t) => {
  const tenantA = await tenantIdOf(t, "tenantA");
  const volume = await createVolume(t, "op-create", { as: t.operator, tenantId: tenantA });
  t.equal(volume.workload?.tenantId, tenantA, "CreateVolume by the operator naming tenant A must create tenant A's volume");
  await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume by tenant A of the volume the operator created for it");
});
