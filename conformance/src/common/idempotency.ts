import { core, rpc } from "@strata/sdk/contracts";
import { probePages } from "../helpers/probe-pages.js";
import { walkPages } from "../helpers/walk-pages.js";
import { checkEachLayer } from "../registry/check-registry.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

checkEachLayer("Create repeated with the same name and parameters answers OK with the same resource [idempotency]", { covers: ["CORE-IDEM-1"] }, async (t) => {
  const { driver } = t.module;
  const first = await driver.create(t, { stem: "idem" });
  const repeats = await t.repeat(() => driver.create(t, { name: first.name }));
  const ids = [...new Set([first, ...repeats].map((r) => r.id))];
  t.ensure(ids.length === 1, `${driver.rpcs.create} repeated ${repeats.length + 1} times with the same name and parameters returned different ids: ${ids.join(", ")}; `
    + `the standard requires OK with the existing ${driver.resourceKind}`);
});

checkEachLayer("Create reusing a name with other parameters answers ALREADY_EXISTS and changes nothing [idempotency]", { covers: ["CORE-IDEM-2", "CORE-ERR-1"] }, async (t) => {
  const { driver } = t.module;
  const original = await driver.create(t, { stem: "conflict" });
  const before = await driver.snapshot(t, original);
  for (const conflict of driver.conflictingCreates(t, original)) {
    await t.expectCode(conflict.call(), Code.ALREADY_EXISTS, `${driver.rpcs.create} reusing "${original.name}" with a different ${conflict.differing}`,
      Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
  }
  t.equal(await driver.snapshot(t, original), before, `a refused ${driver.rpcs.create} changed the existing ${driver.resourceKind}`);
});

checkEachLayer("Delete repeated answers OK, and the resource is gone from lookups and lists [idempotency]", { covers: ["CORE-IDEM-4", "CORE-COMP-1"] }, async (t) => {
  const { driver, lookupProbes, listProbes } = t.module;
  const { id } = await driver.create(t, { stem: "delete" });
  await t.repeat((i) => t.expectCode(driver.delete(t.tenantA, id), Code.OK, `${driver.rpcs.delete} ${id} (call ${i + 1})`));
  for (const probe of lookupProbes.filter((p) => p.ownerRead)) {
    await t.expectCode(probe.call(t.tenantA, id), Code.NOT_FOUND, `${probe.rpc} of a deleted ${driver.resourceKind}`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  }
  for (const probe of listProbes) {
    const listed = await walkPages(t, probe.rpc, probePages(probe, t.tenantA));
    t.ensure(!listed.includes(id), `${probe.rpc} still lists the deleted ${driver.resourceKind} ${id}`);
  }
});

checkEachLayer("Delete of a resource that never existed answers OK [idempotency]", { covers: ["CORE-IDEM-4"] }, async (t) => {
  const { driver } = t.module;
  await t.expectCode(driver.delete(t.tenantA, t.absentId()), Code.OK,
    `${driver.rpcs.delete} of a ${driver.resourceKind} that never existed`);
});
