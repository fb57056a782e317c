import { core, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { mappingsOf, volumesOf } from "./support/list-pages.js";
import { createVolume, mapVolume, uniqueName } from "./support/storage-volumes.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { expectExactlyOnce, walkPages } from "../../helpers/walk-pages.js";
import { storage } from "@strata/sdk/storage";
import { check } from "./storage-checks.js";
import { absentId } from "./support/storage-options.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("MapVolume is idempotent on volume and host: same mapping_id and lun [storage] [mapping] [idempotency]", { covers: ["CORE-IDEM-5", "STOR-SVC-1"] }, async (t) => {
  const { volumeId } = await createVolume(t, "map-idem");
  const hostId = uniqueName("host");
  const first = await mapVolume(t, volumeId, hostId);
  t.equal({ volumeId: first.volumeId, hostId: first.hostId, tenantId: first.tenantId }, { volumeId, hostId, tenantId: await resolveTenantId(t, "tenantA") },
    "MapVolume must answer the mapping of this volume to this host, owned by the volume's tenant");
  t.ensure(first.mappingId !== "", "MapVolume answered an empty mapping_id; the server must assign one");
  const repeats = await t.repeat((i) => t.expectCode(t.tenantA.mappings.mapVolume({ volumeId, hostId }), Code.OK, `MapVolume repeated (call ${i + 1})`));
  const different = repeats.map((r) => r.mapping).filter((m) => m?.mappingId !== first.mappingId || m?.lun !== first.lun);
  t.ensure(different.length === 0, `MapVolume repeated for the same volume and host answered ${different.map((m) => `mapping ${m?.mappingId} at LUN ${m?.lun}`).join(", ")} `
    + `instead of mapping ${first.mappingId} at LUN ${first.lun}; the standard requires the existing mapping`);
});

check("MapVolume gives each volume its own LUN on a host, and may map a volume to several hosts [storage] [mapping]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const [one, two] = await Promise.all([createVolume(t, "lun-1"), createVolume(t, "lun-2")]);
  const [hostA, hostB] = [uniqueName("host"), uniqueName("host")];
  const first = await mapVolume(t, one.volumeId, hostA);
  const second = await mapVolume(t, two.volumeId, hostA);
  t.ensure(first.lun !== second.lun, `two volumes mapped to host ${hostA} both got LUN ${first.lun}; the standard requires a LUN unique per host`);
  const elsewhere = await mapVolume(t, one.volumeId, hostB);
  t.ensure(elsewhere.mappingId !== first.mappingId, "mapping a volume to a second host returned the first host's mapping_id; each mapping needs its own");
  t.equal(elsewhere.hostId, hostB, "MapVolume to a second host must answer that host's mapping");
});

check("UnmapVolume is idempotent and removes the mapping [storage] [mapping] [idempotency]", { covers: ["CORE-IDEM-4"] }, async (t) => {
  const { volumeId } = await createVolume(t, "unmap");
  const hostId = uniqueName("host");
  await mapVolume(t, volumeId, hostId);
  await t.repeat((i) => t.expectCode(t.tenantA.mappings.unmapVolume({ volumeId, hostId }), Code.OK, `UnmapVolume (call ${i + 1})`));
  const left = await walkPages(t, "ListMappings by volume_id", mappingsOf(t.tenantA, { volumeId }));
  t.ensure(left.length === 0, `ListMappings still lists ${left.map((m) => `${m.volumeId} → ${m.hostId}`).join(", ")} after UnmapVolume`);
  await t.expectCode(t.tenantA.mappings.unmapVolume({ volumeId, hostId: uniqueName("never-mapped") }), Code.OK, "UnmapVolume from a host it was never mapped to");
});

check("UnmapVolume from one host keeps the volume's mappings to its other hosts [storage] [mapping]", { covers: ["STOR-MAP-1", "CORE-COMP-1"] }, async (t) => {
  const { volumeId } = await createVolume(t, "unmap-one-host");
  const [hostA, hostB] = [uniqueName("host"), uniqueName("host")];
  // The later mapping is unmapped: a vendor that takes the volume's first mapping would keep it.
  const kept = await mapVolume(t, volumeId, hostA);
  await mapVolume(t, volumeId, hostB);
  await t.expectCode(t.tenantA.mappings.unmapVolume({ volumeId, hostId: hostB }), Code.OK, `UnmapVolume of ${volumeId} from host ${hostB}`);
  const left = await walkPages(t, "ListMappings by volume_id", mappingsOf(t.tenantA, { volumeId }));
  t.equal(left.map((m) => `${m.hostId} (mapping ${m.mappingId})`), [`${hostA} (mapping ${kept.mappingId})`],
    `after UnmapVolume of ${volumeId} from host ${hostB}, ListMappings by volume_id must list exactly its mapping to host ${hostA}; an unmap removes the mapping to the host it names only`);
});

check("MapVolume takes a host_id of free text up to 256 bytes, such as an iSCSI initiator name [storage] [mapping]", { covers: ["STOR-MAP-1"] }, async (t) => {
  const { volumeId } = await createVolume(t, "free-host-id");
  // An IQN with the ':' and a space the id rule refuses, padded to the bound.
  const iqn = `iqn.2026-11.org.example:initiator ${uniqueName("host")}:`;
  const hostId = iqn.padEnd(256, "x");
  const mapping = await mapVolume(t, volumeId, hostId);
  t.equal(mapping.hostId, hostId, "MapVolume must answer the host_id as the caller named it");
  const listed = await walkPages(t, "ListMappings by host_id", mappingsOf(t.tenantA, { hostId }));
  t.equal(listed.map((m) => m.mappingId), [mapping.mappingId], `ListMappings by the host_id "${iqn}…" must list the mapping to it`);
});

check("ListMappings filters by volume_id and host_id [storage] [mapping]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const [one, two] = await Promise.all([createVolume(t, "filter-1"), createVolume(t, "filter-2")]);
  const [hostA, hostB] = [uniqueName("host"), uniqueName("host")];
  const oneA = await mapVolume(t, one.volumeId, hostA);
  const oneB = await mapVolume(t, one.volumeId, hostB);
  const twoA = await mapVolume(t, two.volumeId, hostA);
  const idsOf = async (what: string, filter: { volumeId?: string; hostId?: string }) =>
    (await walkPages(t, `ListMappings ${what}`, mappingsOf(t.tenantA, filter))).map((m) => m.mappingId).sort();
  t.equal(await idsOf("by volume_id", { volumeId: one.volumeId }), [oneA.mappingId, oneB.mappingId].sort(), "ListMappings filtered by volume_id must list exactly that volume's mappings");
  t.equal(await idsOf("by host_id", { hostId: hostA }), [oneA.mappingId, twoA.mappingId].sort(), "ListMappings filtered by host_id must list exactly that host's mappings");
  t.equal(await idsOf("by volume_id and host_id", { volumeId: two.volumeId, hostId: hostA }), [twoA.mappingId], "ListMappings filtered by both must list the one mapping");
  t.equal(await idsOf("by an unknown volume_id", { volumeId: absentId(t.config) }), [], "ListMappings filtered by an unknown volume_id must match nothing");
});

check("MapVolume of an unknown volume or another tenant's answers NOT_FOUND [storage] [mapping] [errors] [tenancy]", { covers: ["CORE-ERR-7", "CORE-TEN-5"] }, async (t) => {
  const hostId = uniqueName("host");
  await t.expectCode(t.tenantA.mappings.mapVolume({ volumeId: absentId(t.config), hostId }), Code.NOT_FOUND, "MapVolume of an unknown volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  const ofB = await createVolume(t, "map-foreign", { as: t.tenantB });
  const call = t.tenantA.mappings.mapVolume({ volumeId: ofB.volumeId, hostId });
  call.then(() => t.track(() => t.tenantB.mappings.unmapVolume({ volumeId: ofB.volumeId, hostId }), "UnmapVolume"), () => undefined);
  await t.expectCode(call, Code.NOT_FOUND, "MapVolume by tenant A of tenant B's volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("MapVolume and UnmapVolume reject a missing volume_id, and a missing or over-long host_id, naming the field [storage] [mapping] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "STOR-MAP-1"] }, async (t) => {
  const { volumeId } = await createVolume(t, "map-invalid");
  const hostId = uniqueName("host");
  const rows: [string, string, storage.MapVolumeRequest][] = [
    ["host_id", "without host_id", { volumeId, hostId: "" }],
    ["host_id", "with a host_id of 257 bytes", { volumeId, hostId: "h".repeat(257) }],
    ["volume_id", "without volume_id", { volumeId: "", hostId }],
  ];
  for (const [field, situation, request] of rows) {
    const call = t.tenantA.mappings.mapVolume(request);
    call.then(() => t.track(() => t.tenantA.mappings.unmapVolume(request), "UnmapVolume"), () => undefined);
    await expectInvalidField(t, call, field, `MapVolume ${situation}`);
  }
  await expectInvalidField(t, t.tenantA.mappings.unmapVolume({ volumeId, hostId: "" }), "host_id", "UnmapVolume without host_id");
  await expectInvalidField(t, t.tenantA.mappings.unmapVolume({ volumeId: "", hostId }), "volume_id", "UnmapVolume without volume_id");
});

check("LUNs stay unique on a host when a freed LUN is reused: map, map, unmap the lower LUN, map again [storage] [mapping]", { covers: ["STOR-MAP-2"] }, async (t) => {
  const [one, two, three] = await Promise.all([createVolume(t, "lun-reuse-1"), createVolume(t, "lun-reuse-2"), createVolume(t, "lun-reuse-3")]);
  const hostId = uniqueName("host");
  const first = await mapVolume(t, one.volumeId, hostId);
  const second = await mapVolume(t, two.volumeId, hostId);
  const [lower, kept] = first.lun < second.lun ? [first, second] : [second, first];
  await t.expectCode(t.tenantA.mappings.unmapVolume({ volumeId: lower.volumeId, hostId }), Code.OK, `UnmapVolume of the mapping at LUN ${lower.lun}`);
  const third = await mapVolume(t, three.volumeId, hostId);
  t.ensure(third.lun !== kept.lun, `after MapVolume at LUNs ${first.lun} and ${second.lun} and UnmapVolume of LUN ${lower.lun}, a third MapVolume to host ${hostId} `
    + `got LUN ${third.lun}, which volume ${kept.volumeId} still holds; the standard requires a LUN unique per host`);
  const luns = (await walkPages(t, "ListMappings by host_id", mappingsOf(t.tenantA, { hostId }))).map((m) => m.lun);
  t.equal(luns.sort((a, b) => a - b), [kept.lun, third.lun].sort((a, b) => a - b), `ListMappings of host ${hostId} must list the two mappings left, at their LUNs`);
});

/** Mappings above this the suite does not make to prove the page cap. */
const LARGEST_CAPPED_LIST = 1000;

check("ListMappings walked with a page_size above Limits.max_page_size gets pages of at most max_page_size [storage] [mapping] [pagination]", { covers: ["CORE-PAGE-3", "CORE-PAGE-2"] }, async (t) => {
  const cap = t.limits.maxPageSize;
  if (cap < 1) t.fail(`Limits.max_page_size is ${cap}; the standard requires at least 1`);
  if (cap >= LARGEST_CAPPED_LIST) t.skip(`Limits.max_page_size is ${cap}: a list longer than it needs more than ${LARGEST_CAPPED_LIST} mappings, more than the suite makes`);
  // One volume mapped to max_page_size + 1 hosts: a list longer than a page, cheaply.
  const { volumeId } = await createVolume(t, "page-cap");
  const mappings = await Promise.all(Array.from({ length: cap + 1 }, () => mapVolume(t, volumeId, uniqueName("page-cap-host"))));
  const { mappings: page } = await t.expectCode(t.tenantA.mappings.listMappings({ volumeId, hostId: "", page: { pageSize: 2 * cap, pageToken: "" } }), Code.OK,
    `ListMappings of ${cap + 1} mappings with page_size ${2 * cap}`);
  t.ensure(page.length <= cap, `ListMappings of ${cap + 1} mappings with page_size ${2 * cap} answered ${page.length} on its first page, above Limits.max_page_size ${cap}; `
    + "the standard caps every page at max_page_size");
  const served = (await walkPages(t, `ListMappings with page_size ${2 * cap}`, mappingsOf(t.tenantA, { volumeId }), 2 * cap)).map((m) => m.mappingId);
  expectExactlyOnce(t, `ListMappings walked with page_size ${2 * cap}`, served, mappings.map((m) => m.mappingId));
});

/** The largest Limits.max_luns_per_host the suite fills: one volume per LUN, and one more. */
const LARGEST_LUN_LIMIT = 64;
/** Volumes created at once while filling a host. */
const CREATES_AT_ONCE = 16;

check("MapVolume fills one host up to Limits.max_luns_per_host, and one more answers RESOURCE_EXHAUSTED until a LUN is freed [storage] [mapping] [limits]",
  { covers: ["STOR-MAP-3", "CORE-LIM-2"], timeoutMs: 60_000 }, async (t) => {
    const limit = t.limits.maxLunsPerHost;
    if (limit === 0) t.skip("the endpoint declares no Limits.max_luns_per_host (0)");
    if (limit > LARGEST_LUN_LIMIT) t.skip(`Limits.max_luns_per_host is ${limit}: filling a host takes a volume per LUN, and the suite makes at most ${LARGEST_LUN_LIMIT + 1}`);
    const perTenant = t.limits.maxResourcesPerTenant;
    const held = (await walkPages(t, "ListVolumes by tenant A", volumesOf(t.tenantA))).length;
    if (perTenant > 0n && BigInt(held + limit + 1) > perTenant) {
      t.skip(`filling a host of Limits.max_luns_per_host ${limit} takes ${limit + 1} volumes; tenant A holds ${held} of its Limits.max_resources_per_tenant ${perTenant}`);
    }
    const volumes: storage.Volume[] = [];
    for (let i = 0; i <= limit; i += CREATES_AT_ONCE) {
      volumes.push(...await Promise.all(Array.from({ length: Math.min(CREATES_AT_ONCE, limit + 1 - i) }, (_, j) => createVolume(t, `lun-limit-${i + j}`))));
    }
    const hostId = uniqueName("lun-limit-host");
    const [extra, ...filling] = volumes as [storage.Volume, ...storage.Volume[]];
    // Within the limit every mapping must succeed: an endpoint never refuses a count within what it declares.
    const mapped: storage.LunMapping[] = [];
    for (const volume of filling) mapped.push(await mapVolume(t, volume.volumeId, hostId));
    const luns = new Set(mapped.map((m) => m.lun));
    t.ensure(luns.size === limit, `${limit} volumes mapped to host ${hostId} got ${luns.size} distinct LUNs; the standard requires a LUN unique per host`);
    const beyond = `MapVolume of volume ${extra.volumeId} to host ${hostId}, which holds ${limit} of tenant A's volumes (Limits.max_luns_per_host ${limit})`;
    const call = t.tenantA.mappings.mapVolume({ volumeId: extra.volumeId, hostId });
    call.then(() => t.track(() => t.tenantA.mappings.unmapVolume({ volumeId: extra.volumeId, hostId }), "UnmapVolume"), () => undefined);
    const error = await t.expectCode(call, Code.RESOURCE_EXHAUSTED, beyond, Reason.ERROR_REASON_CAPACITY_EXHAUSTED);
    t.ensure(error.retryDelayMs === undefined, `${beyond} carries RetryInfo (${error.retryDelayMs} ms); a full host stays full until something is unmapped, and the standard forbids it`);
    const left = await walkPages(t, "ListMappings by volume_id", mappingsOf(t.tenantA, { volumeId: extra.volumeId }));
    t.ensure(left.length === 0, `${beyond} was refused, yet ListMappings lists ${left.map((m) => `${m.hostId} at LUN ${m.lun}`).join(", ")}; a refused MapVolume changes nothing`);
    await t.expectCode(t.tenantA.mappings.mapVolume({ volumeId: filling[0]!.volumeId, hostId }), Code.OK,
      `MapVolume repeated for volume ${filling[0]!.volumeId} on the full host ${hostId} (a mapping it has needs no new LUN)`);
    await mapVolume(t, extra.volumeId, uniqueName("lun-limit-other-host"));
    await t.expectCode(t.tenantA.mappings.unmapVolume({ volumeId: filling[0]!.volumeId, hostId }), Code.OK, `UnmapVolume of volume ${filling[0]!.volumeId} from host ${hostId}`);
    const freed = await mapVolume(t, extra.volumeId, hostId);
    t.ensure(freed.lun === mapped[0]!.lun || !luns.has(freed.lun),
      `after UnmapVolume of LUN ${mapped[0]!.lun}, MapVolume to host ${hostId} got LUN ${freed.lun}, which another volume still holds; the standard requires a LUN unique per host`);
  });
