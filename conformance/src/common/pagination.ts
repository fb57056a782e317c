import { rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../helpers/expect-invalid-field.js";
import { probePages } from "../helpers/probe-pages.js";
import { expectExactlyOnce, walkPages, type ListPage } from "../helpers/walk-pages.js";
import { checkEachProbe } from "../registry/check-registry.js";
import type { LayerCheckContext } from "../runner/check-context.js";

/** The page sizes every walk is tried with; 0 is the server's default. */
const PAGE_SIZES = [1, 2, 3, 0];
/** A token no server issues. */
const FORGED_TOKEN = "conformance-forged-token";

/** Walks with every page size; each walk serves `expected` exactly once, all in the same stable order. */
async function walkEverySize(t: LayerCheckContext, what: string, list: ListPage<string>, expected: readonly string[]): Promise<void> {
  let firstOrder: string[] | undefined;
  for (const pageSize of PAGE_SIZES) {
    const served = await walkPages(t, what, list, pageSize);
    expectExactlyOnce(t, `${what} walked with page_size ${pageSize}`, served, expected);
    const order = served.filter((id) => expected.includes(id));
    firstOrder ??= order;
    t.equal(order, firstOrder, `${what}: page_size ${pageSize} served the items in another order than page_size ${PAGE_SIZES[0]}; the standard requires a stable order`);
  }
}

checkEachProbe((m) => m.listProbes, "{rpc} walks every page without duplicates or omissions, for page sizes 1, 2, 3 and 0 [pagination]", { covers: ["CORE-PAGE-1", "CORE-PAGE-2", "CORE-PAGE-3"] }, async (t, probe) => {
  const population = await probe.populate?.(t);
  const list = probePages(probe, t.tenantA, population?.scope);
  // A list of shared things the tenant cannot make: what a first walk served must come back the same.
  const expected = population?.ids ?? await walkPages(t, probe.rpc, list);
  if (expected.length < 2) t.log(`${probe.rpc} lists ${expected.length} item(s): a walk of one page proves little`);
  await walkEverySize(t, probe.rpc, list, expected);
});

checkEachProbe((m) => m.listProbes, "{rpc} rejects a negative page_size, a forged page_token and a page_token sent with other filters [pagination] [errors]",
  { covers: ["CORE-PAGE-4", "CORE-PAGE-5", "CORE-ERR-3", "CORE-ERR-7"] }, async (t, probe) => {
    const population = await probe.populate?.(t);
    const list = probePages(probe, t.tenantA, population?.scope);
    await expectInvalidField(t, list({ pageSize: -1, pageToken: "" }), "page.page_size", `${probe.rpc} with page_size -1`);
    await expectInvalidField(t, list({ pageSize: 1, pageToken: FORGED_TOKEN }), "page.page_token", `${probe.rpc} with a page_token the server never issued`);
    if (population?.otherScope === undefined) return;
    const first = await t.expectCode(list({ pageSize: 1, pageToken: "" }), rpc.Code.OK, `${probe.rpc} (first page of 1)`);
    const token = first.page?.nextPageToken ?? "";
    if (token === "") return t.fail(`${probe.rpc}: a page of 1 out of several items came without a next_page_token; the walk must go on`);
    await expectInvalidField(t, probePages(probe, t.tenantA, population.otherScope)({ pageSize: 1, pageToken: token }), "page.page_token",
      `${probe.rpc}: a page_token sent back with other filters`);
  });
