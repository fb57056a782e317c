import { core, rpc } from "@strata/sdk/contracts";
import { volumesOf } from "./support/list-pages.js";
import { beyond, listPools } from "./support/list-pools.js";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { createVolume, createVolumeFrom, mapVolume, trackCreated, uniqueName, volumeRequest } from "./support/storage-volumes.js";
import { absentId, volumeSize } from "./support/storage-options.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { storage } from "@strata/sdk/storage";
import { check } from "./storage-checks.js";

// Idempotent create and delete (repeated, conflicting parameters, never existed) are the common suite's,
// through the storage driver; these are the rest of the VolumeService table.

const { Code } = rpc;
const Reason = core.ErrorReason;

check("CreateVolume compares pool_id only when the request gives one: repeated naming the volume's own pool, it answers OK with the same volume [storage] [volumes] [idempotency]",
  { covers: ["CORE-IDEM-1"] }, async (t) => {
    const original = await createVolume(t, "pool-idem");
    const again = volumeRequest(t, "", { name: original.name, poolId: original.poolId });
    const { volume } = await t.expectCode(trackCreated(t, t.tenantA.volumes.createVolume(again)), Code.OK, `CreateVolume repeated naming the volume's own pool_id "${original.poolId}"`);
    t.equal(volume?.volumeId, original.volumeId, "CreateVolume repeated with the volume's own pool_id must return the existing volume");
  });

check("CreateVolume repeated with the same name on another pool answers ALREADY_EXISTS and changes nothing [storage] [volumes] [idempotency]",
  { covers: ["CORE-IDEM-2"] }, async (t) => {
    const pools = await listPools(t);
    if (pools.length < 2) t.skip(`ListPools lists ${pools.length} pool: a repeated create naming another pool cannot be tried`);
    const original = await createVolume(t, "pool-conflict");
    const other = pools.find((p) => p.poolId !== original.poolId)!;
    await t.expectCode(trackCreated(t, t.tenantA.volumes.createVolume(volumeRequest(t, "", { name: original.name, poolId: other.poolId }))), Code.ALREADY_EXISTS,
      `CreateVolume repeated as "${original.name}" (on pool ${original.poolId}) naming pool ${other.poolId}`, Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
    const { volume } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: original.volumeId }), Code.OK, "GetVolume after the refused create");
    t.equal(volume?.poolId, original.poolId, `a CreateVolume refused as ALREADY_EXISTS moved volume ${original.volumeId} to another pool`);
  });

check("CreateVolume returns the volume as asked, and GetVolume the same [storage] [volumes]", { covers: ["CORE-COMP-1", "STOR-VOL-1", "CORE-ATTR-4", "STOR-SVC-1"] }, async (t) => {
  const before = BigInt(Date.now() - 60_000) * 1_000_000n;
  const request = volumeRequest(t, "shape", { capacityBytes: 3n * volumeSize(t.config), labels: { team: "conformance", "a.b": "c-d" } });
  const volume = await createVolumeFrom(t, request);
  const after = BigInt(Date.now() + 60_000) * 1_000_000n;
  const tenantA = await resolveTenantId(t, "tenantA");
  t.ensure(volume.volumeId !== "", "CreateVolume returned an empty volume_id; the server must assign one");
  t.equal({ name: volume.name, capacityBytes: volume.capacityBytes, labels: volume.labels, workload: volume.workload },
    { name: request.name, capacityBytes: request.capacityBytes, labels: request.labels, workload: { ...request.workload!, tenantId: tenantA } },
    "CreateVolume must carry name, capacity, labels and workload (with the caller's tenant, component unchanged) as asked");
  t.ensure(volume.provisioning !== storage.Provisioning.PROVISIONING_UNSPECIFIED,
    "CreateVolume stored PROVISIONING_UNSPECIFIED; the standard requires the resolved provisioning (thick unless the server documents otherwise)");
  t.ensure(volume.provisioning !== storage.Provisioning.PROVISIONING_THIN || t.has(core.Feature.FEATURE_STORAGE_THIN_PROVISIONING),
    "the server's default provisioning is thin but it does not declare FEATURE_STORAGE_THIN_PROVISIONING; the standard requires it to");
  t.ensure(volume.createTimeUnixNano > before && volume.createTimeUnixNano < after,
    `create_time_unix_nano is ${volume.createTimeUnixNano}, not within a minute of now; the standard requires UNIX epoch nanoseconds`);
  const pools = await listPools(t);
  t.ensure(pools.some((p) => p.poolId === volume.poolId), `the volume's pool_id "${volume.poolId}" is not a pool ListPools lists`);
  const got = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume of the new volume");
  t.equal(got.volume && { ...got.volume, allocatedBytes: 0n }, { ...volume, allocatedBytes: 0n }, "GetVolume must return the volume CreateVolume returned");
});

check("CreateVolume names are per tenant: tenant B may reuse tenant A's name [storage] [volumes] [tenancy]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const ofA = await createVolume(t, "shared-name");
  const ofB = await createVolume(t, "", { as: t.tenantB, name: ofA.name });
  t.ensure(ofB.volumeId !== ofA.volumeId, `tenant B's CreateVolume "${ofA.name}" returned tenant A's volume ${ofA.volumeId}; names are unique per tenant only`);
  const { volume } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: ofA.volumeId }), Code.OK, "GetVolume of tenant A's volume after tenant B's create");
  t.equal(volume?.name, ofA.name, "tenant A's volume must be untouched by tenant B's create of the same name");
});

check("ListVolumes filtered by application_id lists only that application's volumes [storage] [volumes] [pagination]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const applicationId = uniqueName("filtered");
  const mine = await Promise.all([0, 1, 2].map((i) => createVolume(t, `filtered-${i}`, { applicationId })));
  await createVolume(t, "unfiltered");
  const served = await walkPages(t, "ListVolumes filtered by application_id", volumesOf(t.tenantA, applicationId), 2);
  const strangers = served.filter((v) => v.workload?.applicationId !== applicationId).map((v) => v.volumeId);
  t.ensure(strangers.length === 0, `ListVolumes filtered by application_id served volumes of other applications: ${strangers.join(", ")}`);
  t.equal(served.map((v) => v.volumeId).sort(), mine.map((v) => v.volumeId).sort(), "ListVolumes filtered by application_id must list exactly its volumes");
});

check("GetVolume of an unknown volume answers NOT_FOUND [storage] [volumes] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-1"] }, async (t) => {
  await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: absentId(t.config) }), Code.NOT_FOUND,
    "GetVolume of an unknown volume_id", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("CreateVolume rejects each invalid field with INVALID_ARGUMENT naming it [storage] [volumes] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "STOR-VOL-2", "STOR-VOL-3", "STOR-VOL-4"] }, async (t) => {
  const rows: [string, string, Parameters<typeof volumeRequest>[2]][] = [
    ["name", "name missing", { name: "" }],
    ["name", "name with a space and '!'", { name: "bad name!" }],
    ["name", "name of 129 bytes", { name: "n".repeat(129) }],
    ["workload.application_id", "workload.application_id missing", { applicationId: "" }],
    ["workload.application_id", "workload.application_id with a '/'", { applicationId: "app/1" }],
    ["capacity_bytes", "capacity_bytes 0", { capacityBytes: 0n }],
    ["capacity_bytes", "capacity_bytes not a multiple of 512", { capacityBytes: volumeSize(t.config) + 100n }],
    ["provisioning", "an unknown provisioning value (99)", { provisioning: 99 as storage.Provisioning }],
  ];
  for (const [field, situation, fields] of rows) {
    const call = trackCreated(t, t.tenantA.volumes.createVolume(volumeRequest(t, "invalid", fields)));
    await expectInvalidField(t, call, field, `CreateVolume with ${situation}`);
  }
});

check("DeleteVolume and GetVolume without volume_id answer INVALID_ARGUMENT naming volume_id [storage] [volumes] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  await expectInvalidField(t, t.tenantA.volumes.deleteVolume({ volumeId: "" }), "volume_id", "DeleteVolume without volume_id");
  await expectInvalidField(t, t.tenantA.volumes.getVolume({ volumeId: "" }), "volume_id", "GetVolume without volume_id");
});

check("CreateVolume on an unknown pool_id answers NOT_FOUND [storage] [volumes] [errors]", { covers: ["CORE-ERR-7"] }, async (t) => {
  const request = volumeRequest(t, "no-pool", { poolId: absentId(t.config) });
  await t.expectCode(trackCreated(t, t.tenantA.volumes.createVolume(request)), Code.NOT_FOUND, "CreateVolume on an unknown pool_id", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("CreateVolume naming tenant B as tenant A answers PERMISSION_DENIED [storage] [volumes] [tenancy]", { covers: ["CORE-TEN-6", "CORE-ERR-7"] }, async (t) => {
  const tenantB = await resolveTenantId(t, "tenantB");
  const request = volumeRequest(t, "foreign-owner", { tenantId: tenantB });
  const call = trackCreated(t, t.tenantA.volumes.createVolume(request), t.operator);
  await t.expectCode(call, Code.PERMISSION_DENIED, "CreateVolume by tenant A with workload.tenant_id naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
});

check("DeleteVolume of a mapped volume answers FAILED_PRECONDITION, then OK once unmapped [storage] [volumes] [mapping]", { covers: ["CORE-ERR-7"] }, async (t) => {
  const { volumeId } = await createVolume(t, "busy");
  const hostId = uniqueName("host");
  await mapVolume(t, volumeId, hostId);
  await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId }), Code.FAILED_PRECONDITION, "DeleteVolume of a volume mapped to a host", Reason.ERROR_REASON_RESOURCE_BUSY);
  await t.expectCode(t.tenantA.volumes.getVolume({ volumeId }), Code.OK, "GetVolume after the refused delete");
  await t.expectCode(t.tenantA.mappings.unmapVolume({ volumeId, hostId }), Code.OK, "UnmapVolume");
  await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId }), Code.OK, "DeleteVolume once unmapped");
  await t.expectCode(t.tenantA.volumes.getVolume({ volumeId }), Code.NOT_FOUND, "GetVolume after the delete", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("CreateVolume beyond the pool's capacity answers RESOURCE_EXHAUSTED without RetryInfo [storage] [volumes] [capacity]", { covers: ["CORE-ERR-7", "CORE-ERR-1"] }, async (t) => {
  const pools = await listPools(t);
  const largest = pools.reduce((max, p) => (p.capacityBytes > max ? p.capacityBytes : max), 0n);
  if (largest === 0n) return t.fail("ListPools lists no pool with a capacity; a storage endpoint must offer one");
  const capacityBytes = beyond(largest);
  const request = volumeRequest(t, "too-big", { capacityBytes, provisioning: storage.Provisioning.PROVISIONING_THICK });
  const call = trackCreated(t, t.tenantA.volumes.createVolume(request));
  const error = await t.expectCode(call, Code.RESOURCE_EXHAUSTED, `CreateVolume of a thick ${capacityBytes}-byte volume (largest pool: ${largest} bytes)`,
    Reason.ERROR_REASON_CAPACITY_EXHAUSTED);
  t.ensure(error.retryDelayMs === undefined, `CreateVolume beyond capacity carries RetryInfo (${error.retryDelayMs} ms); `
    + "the standard forbids RetryInfo on CAPACITY_EXHAUSTED: retrying will not help");
});

check("CreateVolume repeated with the same labels in another order answers OK with the same volume [storage] [volumes] [idempotency]", { covers: ["CORE-IDEM-1"] }, async (t) => {
  const labels = { alpha: "1", beta: "2", gamma: "3", delta: "4" };
  const original = await createVolume(t, "labels-order", { labels });
  // The same map, its entries sent in the reverse order (a map's order on the wire is the sender's).
  const reversed = Object.fromEntries(Object.entries(labels).reverse());
  const again = volumeRequest(t, "", { name: original.name, labels: reversed });
  const { volume } = await t.expectCode(trackCreated(t, t.tenantA.volumes.createVolume(again)), Code.OK,
    `CreateVolume repeated as "${original.name}" with its labels in another order`);
  t.equal(volume?.volumeId, original.volumeId, "CreateVolume repeated with the same labels in another order must return the existing volume");
});

check("ListVolumes without a filter lists every volume the caller created [storage] [volumes] [pagination]", { covers: ["CORE-PAGE-2", "CORE-COMP-1"] }, async (t) => {
  const mine = await Promise.all([createVolume(t, "unfiltered-0"), createVolume(t, "unfiltered-1", { applicationId: uniqueName("unfiltered") })]);
  const listed = new Set((await walkPages(t, "ListVolumes without application_id", volumesOf(t.tenantA))).map((v) => v.volumeId));
  const missing = mine.filter((v) => !listed.has(v.volumeId)).map((v) => `${v.volumeId} (application ${v.workload?.applicationId})`);
  t.ensure(missing.length === 0, `ListVolumes without application_id does not list ${missing.join(", ")}, which tenant A created; `
    + "the standard lists every volume of the caller when no filter is set");
});

check("CreateVolume without workload answers INVALID_ARGUMENT naming workload.application_id, never INTERNAL [storage] [volumes] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-6", "STOR-VOL-3"] }, async (t) => {
  const request = { ...volumeRequest(t, "no-workload"), workload: undefined };
  const error = await expectInvalidField(t, trackCreated(t, t.tenantA.volumes.createVolume(request)), "workload.application_id", "CreateVolume without workload");
  // workload.tenant_id and workload.component may be empty: without workload, only its application is missing.
  const wrong = error.fieldViolations.map((v) => v.field).filter((field) => field !== "workload" && field !== "workload.application_id");
  t.ensure(wrong.length === 0, `CreateVolume without workload, otherwise valid, names [${wrong.join(", ")}] in its BadRequest besides workload.application_id; `
    + "those fields may be empty, and the standard requires an entry for each bad field only");
});

check("CreateVolume carries a workload.component of 128 bytes and refuses one of 129, naming it [storage] [volumes] [errors]", { covers: ["CORE-ATTR-4", "CORE-ERR-3", "CORE-ORDER-1"] }, async (t) => {
  const withComponent = (stem: string, component: string) => {
    const request = volumeRequest(t, stem);
    return { ...request, workload: { ...request.workload!, component } };
  };
  const longest = "c".repeat(128);
  const volume = await createVolumeFrom(t, withComponent("component", longest));
  t.equal(volume.workload?.component, longest, "CreateVolume must carry a workload.component of 128 bytes (the bound) unchanged");
  await expectInvalidField(t, trackCreated(t, t.tenantA.volumes.createVolume(withComponent("long-component", "c".repeat(129)))), "workload.component",
    "CreateVolume with a workload.component of 129 bytes (the bound is 128)");
});

check("CreateVolume with several bad fields names each in its own field_violations entry [storage] [volumes] [errors]", { covers: ["CORE-ERR-3", "CORE-ORDER-1"] }, async (t) => {
  const request = volumeRequest(t, "", { name: "bad name!", applicationId: "", capacityBytes: 1000n });
  const what = "CreateVolume with a malformed name, no workload.application_id and capacity_bytes 1000";
  const error = await expectInvalidField(t, trackCreated(t, t.tenantA.volumes.createVolume(request)), "name", what);
  t.equal(error.fieldViolations.map((v) => v.field).sort(), ["capacity_bytes", "name", "workload.application_id"],
    `${what}: the standard requires one field_violations entry per bad field`);
});
