import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { recordProblem, waitSynced } from "../../helpers/telemetry-expect.js";
import { subscribeAs } from "../../helpers/telemetry-reader.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { blockCall } from "./support/block-traffic.js";
import { mappingsOf, volumesOf } from "./support/list-pages.js";
import { createVolume, mapVolume, pattern, uniqueName } from "./support/storage-volumes.js";
import { check, type StorageClients, type StorageContext } from "./storage-checks.js";

// The tenancy checks every layer shares (lookups, lists, telemetry, topology,
// the operator's reads) are the common suite's; these are storage's own.

const { Code } = rpc;
/** How long the records of calls already answered may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;

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

check("Tenant B's DeleteVolume, UnmapVolume and DeleteQosPolicy of tenant A's resources answer OK and change nothing [storage] [tenancy]", { covers: ["CORE-TEN-7", "CORE-IDEM-4"] }, async (t) => {
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

check("The operator's GetVolume and ListVolumes show every tenant's volumes with their owner [storage] [tenancy] [operator]", { covers: ["CORE-TEN-2"] }, async (t) => {
  const applicationId = uniqueName("operator-view");
  const [ofA, ofB] = await Promise.all([createVolume(t, "op-a", { applicationId }), createVolume(t, "op-b", { applicationId, as: t.tenantB })]);
  for (const [owner, volume] of [["A", ofA], ["B", ofB]] as const) {
    const { volume: got } = await t.expectCode(t.operator.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, `GetVolume by the operator of tenant ${owner}'s volume`);
    t.equal(got?.workload?.tenantId, volume.workload?.tenantId, `GetVolume by the operator must show tenant ${owner}'s volume with its owner`);
  }
  const listed = (await walkPages(t, "ListVolumes by the operator", volumesOf(t.operator, applicationId))).map((v) => v.volumeId).sort();
  t.equal(listed, [ofA.volumeId, ofB.volumeId].sort(), "the operator's ListVolumes must list every tenant's volumes");
});

check("The operator may create a volume for tenant A by naming it [storage] [tenancy] [operator]", { covers: ["CORE-TEN-2"] }, async (t) => {
  const tenantA = await resolveTenantId(t, "tenantA");
  const volume = await createVolume(t, "op-create", { as: t.operator, tenantId: tenantA });
  t.equal(volume.workload?.tenantId, tenantA, "CreateVolume by the operator naming tenant A must create tenant A's volume");
  await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume by tenant A of the volume the operator created for it");
});

check("The operator's MapVolume of tenant A's volume makes a mapping owned by tenant A [storage] [tenancy] [operator] [mapping]", { covers: ["CORE-TEN-2", "CORE-COMP-1"] }, async (t) => {
  const volume = await createVolume(t, "op-map");
  const tenantA = await resolveTenantId(t, "tenantA");
  const hostId = uniqueName("host");
  const mapping = await mapVolume(t, volume.volumeId, hostId, t.operator);
  t.equal(mapping.tenantId, tenantA, `MapVolume by the operator of tenant A's volume ${volume.volumeId} must answer a mapping owned by the volume's tenant`);
  const listed = await walkPages(t, "ListMappings by tenant A", mappingsOf(t.tenantA, { volumeId: volume.volumeId }));
  t.ensure(listed.some((m) => m.mappingId === mapping.mappingId), `tenant A's ListMappings does not list mapping ${mapping.mappingId}, which the operator made of its volume; `
    + "a mapping belongs to the volume's tenant, whoever made it");
});

check("The operator's Reads and Writes of tenant A's volume are recorded under tenant A [storage] [tenancy] [operator] [telemetry]", { covers: ["STOR-REC-1", "STOR-REC-2", "CORE-TEN-2"] }, async (t) => {
  const volume = await createVolume(t, "op-io");
  const tenantA = await resolveTenantId(t, "tenantA");
  const subscribe = (who: "tenant A" | "the operator", as: StorageClients) => subscribeAs(t, as, {
    mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [volume.volumeId], includeRecords: true, excludeSamples: true },
  }, `${who}'s Subscribe`);
  const [ofA, ofOperator] = [subscribe("tenant A", t.tenantA), subscribe("the operator", t.operator)];
  await waitSynced(t, ofA, "tenant A");
  await waitSynced(t, ofOperator, "the operator");
  const calls = [
    await blockCall(t, { as: t.operator, volumeId: volume.volumeId, offset: 4096n, write: pattern(512, 31), label: "the operator's write" }),
    await blockCall(t, { as: t.operator, volumeId: volume.volumeId, offset: 4096n, readLength: 512n, label: "the operator's read" }),
  ];
  const arrived = () => calls.every((c) => ofA.recordsOf(c.trace.traceId).length > 0 || ofOperator.recordsOf(c.trace.traceId).length > 0);
  await ofOperator.waitFor(arrived, RECORD_WAIT_MS, t.signal);
  await ofA.waitFor(() => calls.every((c) => ofA.recordsOf(c.trace.traceId).length > 0), 200, t.signal);
  const expected = { tenantId: tenantA, layer: core.Layer.LAYER_STORAGE, resourceKind: "volume", attributes: { pool_id: volume.poolId } };
  for (const call of calls) {
    const record = ofA.recordsOf(call.trace.traceId)[0]?.record ?? ofOperator.recordsOf(call.trace.traceId)[0]?.record;
    if (!record) t.fail(`${call.what} yielded no request record within ${RECORD_WAIT_MS} ms on tenant A's or the operator's stream; the standard requires one per request`);
    t.ensure(record.tenantId === tenantA, `${call.what} on tenant A's volume is recorded under tenant "${record.tenantId}"; `
      + `the standard records an operator's work on a tenant's volume under the tenant owning it, "${tenantA}"`);
    t.ensure(ofA.recordsOf(call.trace.traceId).length === 1, `${call.what} on tenant A's volume is missing from tenant A's stream; the owner's stream carries the records of its volumes`);
    const problem = recordProblem(record, call, expected);
    if (problem) t.fail(problem);
  }
});
