import { rpc } from "@strata/sdk/contracts";
import type { storage } from "@strata/sdk/storage";
import { listPools } from "./support/list-pools.js";
import { volumeSize } from "./support/storage-options.js";
import { createVolume, mapVolume, uniqueName } from "./support/storage-volumes.js";
import { check, type StorageClients, type StorageContext } from "./storage-checks.js";

// Pools, devices and hosts serve every tenant: each tenant sees its own share of them, the operator the whole.

const { Code } = rpc;

/** The most ops any device of the volume's placement shows `as`. */
async function deviceOps(t: StorageContext, volumeId: string, as: StorageClients, who: string): Promise<bigint> {
  const placement = await t.expectCode(as.placement.getPlacement({ volumeId }), Code.OK, `GetPlacement by ${who}`);
  return placement.devices.reduce((most, d) => ((d.latency?.ops ?? 0n) > most ? d.latency!.ops : most), 0n);
}

/** The pool of that id as `as` sees it. */
async function poolAs(t: StorageContext, poolId: string, as: StorageClients, who: string): Promise<storage.Pool> {
  return (await listPools(t, as)).find((p) => p.poolId === poolId) ?? t.fail(`ListPools by ${who} does not list pool ${poolId}`);
}

check("A tenant's ListPools totals and device latency are its own share: tenant B's volumes and I/O change none of tenant A's figures, and the operator sees them [storage] [tenancy] [placement]",
  { covers: ["STOR-TEN-1"] }, async (t) => {
    const ofA = await createVolume(t, "share-a");
    const [poolBefore, opsBefore] = [await poolAs(t, ofA.poolId, t.tenantA, "tenant A"), await deviceOps(t, ofA.volumeId, t.tenantA, "tenant A")];
    const operatorBefore = await poolAs(t, ofA.poolId, t.operator, "the operator");
    const ofB = await createVolume(t, "share-b", { as: t.tenantB, poolId: ofA.poolId, capacityBytes: 2n * volumeSize(t.config) });
    const writesStarted = performance.now();
    for (let i = 0; i < 10; i++) {
      await t.expectCode(t.tenantB.block.write({ volumeId: ofB.volumeId, offsetBytes: BigInt(i) * 4096n, data: Buffer.alloc(4096, i), durable: false }), Code.OK, `Write #${i + 1} by tenant B`);
    }
    const what = `after tenant B created a ${ofB.capacityBytes}-byte volume on pool ${ofA.poolId} and wrote to it 10 times`;
    const poolAfter = await poolAs(t, ofA.poolId, t.tenantA, "tenant A");
    t.equal([poolAfter.allocatedBytes, poolAfter.provisionedBytes], [poolBefore.allocatedBytes, poolBefore.provisionedBytes],
      `tenant A's ListPools ${what}: allocated_bytes and provisioned_bytes must count tenant A's volumes only; the standard never shows a tenant another's allocation`);
    const opsAfter = await deviceOps(t, ofA.volumeId, t.tenantA, "tenant A");
    t.ensure(opsAfter <= opsBefore, `tenant A's GetPlacement ${what}: its devices' latency counts ${opsAfter} ops, up from ${opsBefore}, though tenant A did no I/O; `
      + "the standard shows a tenant its own I/O on a shared device only");
    const operatorAfter = await poolAs(t, ofA.poolId, t.operator, "the operator");
    t.ensure(operatorAfter.provisionedBytes >= operatorBefore.provisionedBytes + ofB.capacityBytes,
      `the operator's ListPools ${what}: provisioned_bytes went from ${operatorBefore.provisionedBytes} to ${operatorAfter.provisionedBytes}; the operator sees every tenant's volumes`);
    t.ensure(await deviceOps(t, ofB.volumeId, t.operator, "the operator") >= 10n, `the operator's GetPlacement of tenant B's volume ${what} does not count its 10 writes on any device; the operator sees every tenant's I/O`);
    // Tenant B's own share counts its own I/O, every op of it, as the operator's whole does: judged while its 10 writes
    // are well inside the devices' window (a machine too slow for that leaves it unjudged, never failed).
    const ofBAsB = await t.expectCode(t.tenantB.placement.getPlacement({ volumeId: ofB.volumeId }), Code.OK, "GetPlacement by tenant B");
    const windowMs = Number(ofBAsB.devices.reduce((w, d) => ((d.latency?.windowNs ?? 0n) > w ? d.latency!.windowNs : w), 0n) / 1_000_000n);
    const sinceMs = performance.now() - writesStarted;
    const ownOps = ofBAsB.devices.reduce((most, d) => ((d.latency?.ops ?? 0n) > most ? d.latency!.ops : most), 0n);
    if (sinceMs < 0.8 * windowMs) {
      t.ensure(ownOps >= 10n, `tenant B's GetPlacement of its own volume ${what}: its devices' latency counts at most ${ownOps} ops, `
        + `${sinceMs.toFixed(0)} ms after its first write, inside the devices' window of ${windowMs} ms; the standard shows a tenant its own I/O on a shared device, every op of the window`);
    } else t.log(`tenant B's own device latency not judged: its 10 writes and GetPlacement took ${sinceMs.toFixed(0)} ms, beyond 80 % of the devices' window of ${windowMs} ms`);
  });

check("LUN numbers on a host never depend on another tenant's mappings [storage] [tenancy] [mapping]", { covers: ["STOR-TEN-2", "STOR-MAP-2"] }, async (t) => {
  const [shared, alone] = [uniqueName("host-shared"), uniqueName("host-alone")];
  const ofB = await Promise.all([0, 1, 2].map((i) => createVolume(t, `lun-b-${i}`, { as: t.tenantB })));
  for (const volume of ofB) await mapVolume(t, volume.volumeId, shared, t.tenantB);
  const [one, two] = await Promise.all([createVolume(t, "lun-a-1"), createVolume(t, "lun-a-2")]);
  const onShared = await mapVolume(t, one.volumeId, shared);
  const onAlone = await mapVolume(t, two.volumeId, alone);
  t.ensure(onShared.lun === onAlone.lun, `tenant A's first mapping on host ${shared}, where tenant B mapped 3 volumes, got LUN ${onShared.lun}, `
    + `while its first mapping on host ${alone}, which nobody else uses, got LUN ${onAlone.lun}; the standard keeps one tenant's LUN numbers independent of other tenants' mappings`);
});
