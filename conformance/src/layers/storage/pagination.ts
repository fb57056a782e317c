import { rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "./support/expect-invalid-field.js";
import { mappingsOf, policiesOf, poolsOf, volumesOf } from "./support/list-pages.js";
import { listPools } from "./support/list-pools.js";
import { createVolume, mapVolume, uniqueName } from "./support/storage-volumes.js";
import { expectExactlyOnce, walkPages, type ListPage } from "./support/walk-pages.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

/** The page sizes every walk is tried with; 0 is the server's default. */
const PAGE_SIZES = [1, 2, 3, 0];
/** A token no server issues. */
const FORGED_TOKEN = "conformance-forged-token";

/** Walks with every page size; each walk serves `expected` exactly once, all in the same stable order. */
async function walkEverySize<T>(t: StorageContext, what: string, list: ListPage<T>, idOf: (item: T) => string, expected: readonly string[]): Promise<void> {
  let firstOrder: string[] | undefined;
  for (const pageSize of PAGE_SIZES) {
    const served = (await walkPages(t, what, list, pageSize)).map(idOf);
    expectExactlyOnce(t, `${what} walked with page_size ${pageSize}`, served, expected);
    const order = served.filter((id) => expected.includes(id));
    firstOrder ??= order;
    t.equal(order, firstOrder, `${what}: page_size ${pageSize} served the items in another order than page_size ${PAGE_SIZES[0]}; the standard requires a stable order`);
  }
}

/** The three page errors of the overview's pagination rules: negative size, forged token, token with other filters. */
async function expectPageErrors<T>(t: StorageContext, what: string, list: ListPage<T>, otherFilters?: ListPage<T>): Promise<void> {
  await expectInvalidField(t, list({ pageSize: -1, pageToken: "" }), "page.page_size", `${what} with page_size -1`);
  await expectInvalidField(t, list({ pageSize: 1, pageToken: FORGED_TOKEN }), "page.page_token", `${what} with a page_token the server never issued`);
  if (!otherFilters) return;
  const first = await t.expectCode(list({ pageSize: 1, pageToken: "" }), rpc.Code.OK, `${what} (first page of 1)`);
  const token = first.page?.nextPageToken ?? "";
  if (token === "") return t.fail(`${what}: a page of 1 out of several items came without a next_page_token; the walk must go on`);
  await expectInvalidField(t, otherFilters({ pageSize: 1, pageToken: token }), "page.page_token", `${what}: a page_token sent back with other filters`);
}

/** Seven volumes under one fresh application, so that the walk sees only them. */
async function sevenVolumes(t: StorageContext): Promise<{ applicationId: string; ids: string[] }> {
  const applicationId = uniqueName("pages");
  const volumes = await Promise.all(Array.from({ length: 7 }, (_, i) => createVolume(t, `page-${i}`, { applicationId })));
  return { applicationId, ids: volumes.map((v) => v.volumeId) };
}

check("ListVolumes walks every page without duplicates or omissions, for page sizes 1, 2, 3 and 0 [storage] [pagination]", {}, async (t) => {
  const { applicationId, ids } = await sevenVolumes(t);
  await walkEverySize(t, "ListVolumes", volumesOf(t.tenantA, applicationId), (v) => v.volumeId, ids);
  const served = await walkPages(t, "ListVolumes", volumesOf(t.tenantA, applicationId));
  const strangers = served.filter((v) => v.workload?.applicationId !== applicationId).map((v) => v.volumeId);
  t.ensure(strangers.length === 0, `ListVolumes filtered by application_id served volumes of other applications: ${strangers.join(", ")}`);
});

check("ListVolumes rejects a negative page_size, a forged page_token and a token sent with another filter [storage] [pagination] [errors]", {}, async (t) => {
  const { applicationId } = await sevenVolumes(t);
  await expectPageErrors(t, "ListVolumes", volumesOf(t.tenantA, applicationId), volumesOf(t.tenantA, `${applicationId}-other`));
});

check("ListMappings walks every page without duplicates or omissions, and rejects bad page requests [storage] [pagination] [mapping]", {}, async (t) => {
  const { volumeId } = await createVolume(t, "page-mappings");
  const hosts = Array.from({ length: 5 }, () => uniqueName("page-host"));
  const mappings = await Promise.all(hosts.map((hostId) => mapVolume(t, volumeId, hostId)));
  await walkEverySize(t, "ListMappings", mappingsOf(t.tenantA, { volumeId }), (m) => m.mappingId, mappings.map((m) => m.mappingId));
  await expectPageErrors(t, "ListMappings", mappingsOf(t.tenantA, { volumeId }), mappingsOf(t.tenantA, { volumeId, hostId: hosts[0] }));
});

check("ListQosPolicies walks every page without duplicates or omissions, and rejects bad page requests [storage] [pagination] [qos]", {}, async (t) => {
  const volumes = await Promise.all([0, 1, 2].map((i) => createVolume(t, `page-qos-${i}`)));
  for (const { volumeId } of volumes) {
    await t.expectCode(t.tenantA.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId }, maxIops: 100_000n }) }),
      rpc.Code.OK, `SetQosPolicy on ${volumeId}`);
    t.track(() => t.tenantA.qos.deleteQosPolicy({ target: { volumeId } }), `DeleteQosPolicy ${volumeId}`);
  }
  const keyOf = (p: storage.QosPolicy) => p.target?.volumeId ?? `tenant:${p.target?.tenantId}`;
  await walkEverySize(t, "ListQosPolicies", policiesOf(t.tenantA), keyOf, volumes.map((v) => v.volumeId));
  await expectPageErrors(t, "ListQosPolicies", policiesOf(t.tenantA));
});

check("ListPools walks to the end and rejects bad page requests [storage] [pagination] [placement]", {}, async (t) => {
  const pools = await listPools(t);
  t.ensure(pools.length > 0, "ListPools lists no pool; a storage endpoint must offer at least one");
  await walkEverySize(t, "ListPools", poolsOf(t.tenantA), (p) => p.poolId, pools.map((p) => p.poolId));
  await expectPageErrors(t, "ListPools", poolsOf(t.tenantA));
});
