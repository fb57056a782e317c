import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { waitSynced } from "../../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, type TelemetryReader } from "../../helpers/telemetry-reader.js";
import { pause } from "../../helpers/pause.js";
import { driveIo } from "./support/drive-io.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { volumesOf } from "./support/list-pages.js";
import { listPools } from "./support/list-pools.js";
import { policy, setPolicy } from "./support/qos-policies.js";
import { storageOptions, volumeSize } from "./support/storage-options.js";
import { createVolume, createVolumeFrom, KiB, MiB, pattern, uniqueName, volumeRequest } from "./support/storage-volumes.js";
import { check, type StorageContext } from "./storage-checks.js";

// What an endpoint accounts for: pool space, thin allocation, and the gauges
// a capacity tool reads (utilization, queue depth).

const { Code } = rpc;
const { PROVISIONING_THIN: THIN, PROVISIONING_THICK: THICK } = storage.Provisioning;
const THIN_PROVISIONING = core.Feature.FEATURE_STORAGE_THIN_PROVISIONING;
const UTILIZATION = "strata.storage.volume.utilization";
const QUEUE_DEPTH = "strata.storage.io.queue_depth";

/** The pool of that id as `as` sees it in ListPools now. */
async function poolNow(t: StorageContext, poolId: string, as = t.tenantA): Promise<storage.Pool> {
  const pool = (await listPools(t, as)).find((p) => p.poolId === poolId);
  return pool ?? t.fail(`ListPools no longer lists pool ${poolId}`);
}

/** The gauge samples of `metric` a live stream received after its SyncMarker, for one volume. */
function liveGauges(reader: TelemetryReader, metric: string, volumeId: string): number[] {
  const synced = reader.syncs[0] ?? Number.POSITIVE_INFINITY;
  return reader.samples.filter((s) => s.message > synced && s.sample.metric === metric && s.sample.resourceId === volumeId)
    .map((s) => s.sample.gauge?.value ?? Number.NaN);
}

/** A live stream of the samples of these volumes as tenant A, synced. */
async function samplesOf(t: StorageContext, volumeIds: string[]): Promise<TelemetryReader> {
  const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: volumeIds } }, "tenant A's Subscribe");
  await waitSynced(t, reader, "tenant A");
  return reader;
}

check("Deleting a thick volume releases its space: a volume of more than half the free pool can be created again once the first is deleted [storage] [capacity]",
  { covers: ["STOR-VOL-5", "STOR-CAP-1"] }, async (t) => {
    // The operator's view: every tenant's allocation, whatever a tenant is shown of a shared pool.
    const pools = await listPools(t, t.operator);
    const configured = storageOptions(t.config).poolId;
    const candidates = pools.filter((p) => configured === "" || p.poolId === configured);
    const pool = candidates.reduce<storage.Pool | undefined>((best, p) => (!best || p.capacityBytes - p.allocatedBytes > best.capacityBytes - best.allocatedBytes ? p : best), undefined);
    if (!pool) return t.fail(`ListPools lists no pool${configured ? ` ${configured}` : ""}; a storage endpoint must offer one`);
    const free = pool.capacityBytes - pool.allocatedBytes;
    const size = ((free * 55n) / 100n / 512n) * 512n;
    if (size < volumeSize(t.config)) t.skip(`pool ${pool.poolId} has ${free} bytes free, too few for two volumes of the configured size`);
    const request = (stem: string) => volumeRequest(t, stem, { capacityBytes: size, provisioning: THICK, poolId: pool.poolId });
    const first = await createVolumeFrom(t, request("half-pool"));
    await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId: first.volumeId }), Code.OK, `DeleteVolume of the first ${size}-byte volume`);
    await t.expectCode(t.tenantA.volumes.createVolume(request("half-pool-again")).then((answer) => {
      if (answer.volume) t.track(() => t.tenantA.volumes.deleteVolume({ volumeId: answer.volume!.volumeId }), `DeleteVolume ${answer.volume.volumeId}`);
      return answer;
    }), Code.OK, `CreateVolume of a thick ${size}-byte volume on pool ${pool.poolId} (${free} bytes free before) after DeleteVolume of one as large: `
      + "the deleted volume's space must be free again");
  });

check("ExpandVolume of a thick volume takes only the bytes it adds: an expansion by 90 % of what its pool has free answers OK [storage] [expansion] [capacity]",
  { requires: [core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION], covers: ["STOR-CAP-1"] }, async (t) => {
    // The operator's view: every tenant's allocation, whatever a tenant is shown of a shared pool.
    const configured = storageOptions(t.config).poolId;
    const candidates = (await listPools(t, t.operator)).filter((p) => configured === "" || p.poolId === configured);
    const pool = candidates.reduce<storage.Pool | undefined>((best, p) => (!best || p.capacityBytes - p.allocatedBytes > best.capacityBytes - best.allocatedBytes ? p : best), undefined);
    if (!pool) return t.fail(`ListPools lists no pool${configured ? ` ${configured}` : ""}; a storage endpoint must offer one`);
    const size = ((pool.capacityBytes - pool.allocatedBytes) / 5n / 512n) * 512n;
    if (size < volumeSize(t.config)) t.skip(`pool ${pool.poolId} has ${pool.capacityBytes - pool.allocatedBytes} bytes free, too few for a volume of five times the configured size`);
    const volume = await createVolumeFrom(t, volumeRequest(t, "expand-thick", { capacityBytes: size, provisioning: THICK, poolId: pool.poolId }));
    const after = await poolNow(t, pool.poolId, t.operator);
    const added = ((after.capacityBytes - after.allocatedBytes) * 9n / 10n / 512n) * 512n;
    await t.expectCode(t.tenantA.volumes.expandVolume({ volumeId: volume.volumeId, capacityBytes: size + added }), Code.OK,
      `ExpandVolume of a thick ${size}-byte volume to ${size + added} bytes on pool ${pool.poolId}, which had ${after.capacityBytes - after.allocatedBytes} bytes free after its create: `
      + `the expansion needs the ${added} bytes it adds, which the pool has`);
  });

check("Writes to a thin volume raise its pool's allocated_bytes as they raise the volume's [storage] [capacity] [thin]",
  { requires: [THIN_PROVISIONING], covers: ["STOR-CAP-2", "CORE-CAP-3"] }, async (t) => {
    const capacity = volumeSize(t.config, 4n * MiB);
    const volume = await createVolume(t, "thin-pool", { provisioning: THIN, capacityBytes: capacity });
    const allocated = async () => (await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, "GetVolume")).volume?.allocatedBytes ?? 0n;
    const [poolBefore, volumeBefore] = [await poolNow(t, volume.poolId), await allocated()];
    const chunk = pattern(16 * Number(KiB), 23);
    for (let i = 0n; i < 4n; i++) {
      await t.expectCode(t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: (capacity / 4n) * i, data: chunk, durable: false }), Code.OK, `Write of 16 KiB at quarter ${i}`);
    }
    const [poolAfter, volumeAfter] = [await poolNow(t, volume.poolId), await allocated()];
    const grew = volumeAfter - volumeBefore;
    t.ensure(grew > 0n, `a thin volume's allocated_bytes stayed ${volumeBefore} after 64 KiB were written to it; the standard requires it to grow with writes`);
    t.ensure(poolAfter.allocatedBytes - poolBefore.allocatedBytes >= grew, `pool ${volume.poolId}: allocated_bytes went from ${poolBefore.allocatedBytes} to ${poolAfter.allocatedBytes} `
      + `while writes raised its thin volume's allocated_bytes by ${grew}; the standard counts thin allocations in the pool's allocated_bytes`);
  });

check("Thin writes take pool space exactly as they allocate it: rewrites, zero-length writes and writes ending on a unit boundary take no more, and a thick volume beyond what is left is refused [storage] [capacity] [thin]",
  { requires: [THIN_PROVISIONING], covers: ["STOR-CAP-1", "STOR-CAP-2", "STOR-VOL-7"] }, async (t) => {
    // The operator's view: every tenant's allocation. A thick volume fills the pool but for a few units,
    // so that space taken and not accounted for, or accounted for and not taken, shows in what fits.
    const configured = storageOptions(t.config).poolId;
    const emptiest = async () => (await listPools(t, t.operator)).filter((p) => configured === "" || p.poolId === configured)
      .reduce<storage.Pool | undefined>((best, p) => (!best || p.capacityBytes - p.allocatedBytes > best.capacityBytes - best.allocatedBytes ? p : best), undefined);
    let pool = await emptiest();
    if (!pool) return t.fail(`ListPools lists no pool${configured ? ` ${configured}` : ""}; a storage endpoint must offer one`);
    const unit = pool.allocationUnitBytes;
    // Every volume the check creates is at least the configured size (an endpoint may refuse smaller ones).
    const left = volumeSize(t.config, 8n * unit) + 4n * unit;
    // What ListPools calls free is there to take. A pool on a shared filesystem may shrink meanwhile:
    // three tries, each with figures listed afresh a second later.
    let filler: storage.Volume | undefined;
    let free = 0n;
    for (let attempt = 0; attempt < 3 && !filler; attempt++) {
      if (attempt > 0) {
        await pause(1100, t.signal);
        pool = (await emptiest()) ?? pool;
      }
      free = pool.capacityBytes - pool.allocatedBytes;
      const fillerSize = ((free - left) / 512n) * 512n;
      if (fillerSize < 512n) t.skip(`pool ${pool.poolId} has ${free} bytes free, too few to leave ${left} after a volume`);
      filler = await t.tenantA.volumes.createVolume(volumeRequest(t, `pool-filler-${attempt}`, { capacityBytes: fillerSize, provisioning: THICK, poolId: pool.poolId }))
        .then((answer) => {
          if (answer.volume) t.track(() => t.tenantA.volumes.deleteVolume({ volumeId: answer.volume!.volumeId }), `DeleteVolume ${answer.volume.volumeId}`);
          return answer.volume;
        }, () => undefined);
    }
    if (!filler) {
      return t.fail(`a thick volume of ${free - left} bytes did not fit pool ${pool.poolId}, which ListPools says has ${free} bytes free (capacity_bytes − allocated_bytes, three tries): `
        + "the standard counts every allocation in allocated_bytes, so the space it calls free must be there to take");
    }
    const remaining = (await poolNow(t, pool.poolId, t.operator));
    const room = remaining.capacityBytes - remaining.allocatedBytes;
    const thin = await createVolume(t, "pool-thin", { provisioning: THIN, capacityBytes: volumeSize(t.config, 4n * left), poolId: pool.poolId });
    const write = (what: string, offsetBytes: bigint, data: Buffer) =>
      t.expectCode(t.tenantA.block.write({ volumeId: thin.volumeId, offsetBytes, data, durable: false }), Code.OK,
        `${what} on a thin volume of pool ${pool.poolId} with ${room} bytes free before any write (unit ${unit})`);
    await write("Write of one unit at offset 0", 0n, pattern(Number(unit), 41));
    // More rewrites than the units left: a vendor that takes space for each runs out.
    for (let i = 0; i < Number(left / unit) + 4; i++) await write(`Rewrite #${i + 1} of the unit at offset 0`, 0n, pattern(Number(unit), 42 + i));
    for (let i = 2n; i < 14n; i++) await write(`Zero-length write at offset ${i * unit}`, i * unit, Buffer.alloc(0));
    await write(`Write of 100 bytes ending on the unit boundary ${2n * unit}`, 2n * unit - 100n, pattern(100, 60));
    const taken = 2n * unit;
    const now = await poolNow(t, pool.poolId, t.operator);
    t.equal(now.allocatedBytes - remaining.allocatedBytes, taken,
      `pool ${pool.poolId}: allocated_bytes after writes that allocated 2 units of ${unit} bytes (and rewrites and zero-length writes that allocate none)`);
    const tooLarge = room - taken + unit;
    await t.expectCode(t.tenantA.volumes.createVolume(volumeRequest(t, "pool-beyond", { capacityBytes: tooLarge, provisioning: THICK, poolId: pool.poolId })).then((answer) => {
      if (answer.volume) t.track(() => t.tenantA.volumes.deleteVolume({ volumeId: answer.volume!.volumeId }), `DeleteVolume ${answer.volume.volumeId}`);
      return answer;
    }), Code.RESOURCE_EXHAUSTED, `CreateVolume of a thick ${tooLarge}-byte volume on pool ${pool.poolId}, where ${room - taken} bytes are left once a thin volume took ${taken}: `
      + "the standard counts what thin volumes were written in the pool's space");
    await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId: thin.volumeId }), Code.OK, `DeleteVolume of the thin volume ${thin.volumeId}`);
    // A pool on a filesystem may give a deleted file's blocks back a moment after DeleteVolume answers:
    // wait up to 3 s for ListPools to show the room again, then take it all.
    for (let waited = 0; waited < 3000; waited += 300) {
      const after = await poolNow(t, pool.poolId, t.operator);
      if (after.capacityBytes - after.allocatedBytes >= room) break;
      await pause(300, t.signal);
    }
    await t.expectCode(t.tenantA.volumes.createVolume(volumeRequest(t, "pool-rest", { capacityBytes: (room / 512n) * 512n, provisioning: THICK, poolId: pool.poolId })).then((answer) => {
      if (answer.volume) t.track(() => t.tenantA.volumes.deleteVolume({ volumeId: answer.volume!.volumeId }), `DeleteVolume ${answer.volume.volumeId}`);
      return answer;
    }), Code.OK, `CreateVolume of a thick ${(room / 512n) * 512n}-byte volume on pool ${pool.poolId}, the ${room} bytes free before the thin volume's writes, once it is deleted: `
      + "its writes must have taken no more than they allocated, and its deletion must release them");
  });

check("strata.storage.volume.utilization is the volume's allocated_bytes ÷ capacity_bytes × 100 [storage] [capacity] [telemetry]",
  { covers: ["STOR-REC-3", "TEL-CAT-5"] }, async (t) => {
    const volumes = [await createVolume(t, "utilization-thick", { provisioning: THICK })];
    if (t.has(THIN_PROVISIONING)) {
      const thin = await createVolume(t, "utilization-thin", { provisioning: THIN, capacityBytes: volumeSize(t.config, MiB) });
      await t.expectCode(t.tenantA.block.write({ volumeId: thin.volumeId, offsetBytes: 0n, data: pattern(64 * Number(KiB), 24), durable: false }), Code.OK, "Write of 64 KiB to the thin volume");
      volumes.push(thin);
    }
    // Subscribed once the writes are done: every live sample is from after them.
    const reader = await samplesOf(t, volumes.map((v) => v.volumeId));
    const waitMs = 2 * sampleIntervalMs(t.limits) + 1000;
    await reader.waitFor(() => volumes.every((v) => liveGauges(reader, UTILIZATION, v.volumeId).length > 0), waitMs, t.signal);
    for (const volume of volumes) {
      const { volume: now } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: volume.volumeId }), Code.OK, `GetVolume ${volume.volumeId}`);
      const kind = storage.provisioningToJSON(volume.provisioning);
      const expected = (Number(now?.allocatedBytes ?? 0n) / Number(volume.capacityBytes)) * 100;
      const got = liveGauges(reader, UTILIZATION, volume.volumeId)[0];
      if (got === undefined) t.fail(`no ${UTILIZATION} sample of volume ${volume.volumeId} within ${waitMs} ms; the standard requires one every base interval`);
      t.ensure(Math.abs(got - expected) <= 0.01 + expected / 100, `${UTILIZATION} of a ${kind} volume of ${volume.capacityBytes} bytes with allocated_bytes ${now?.allocatedBytes} is ${got}; `
        + `the catalogue defines it as allocated_bytes / capacity_bytes × 100 = ${expected.toFixed(2)}`);
    }
  });

check("strata.storage.io.queue_depth rises while concurrent requests wait on a QoS limit [storage] [qos] [telemetry]",
  { covers: ["STOR-REC-3", "STOR-QOS-1"], timeoutMs: 20_000 }, async (t) => {
    const intervalMs = sampleIntervalMs(t.limits);
    if (intervalMs > 5000) t.skip(`the sample interval is ${intervalMs} ms: the load would have to last longer than this check may`);
    const loops = 8;
    const { volumeId } = await createVolume(t, "queue-depth");
    await setPolicy(t, policy({ volumeId }, { maxIops: 20n }));
    const reader = await samplesOf(t, [volumeId]);
    // 1.3 intervals of load: some interval is at least two-thirds covered by it.
    const drive = await driveIo(t, volumeId, { loops, durationMs: intervalMs * 1.3, data: Buffer.alloc(512, 7) });
    if (drive.throttled > drive.ops) {
      t.skip(`the endpoint refused ${drive.throttled} writes under the limit and completed ${drive.ops}: it refuses rather than queues, so no queue builds up to observe`);
    }
    const seen = liveGauges(reader, QUEUE_DEPTH, volumeId).length;
    await reader.waitFor(() => liveGauges(reader, QUEUE_DEPTH, volumeId).length > seen, intervalMs + 1000, t.signal);
    const depths = liveGauges(reader, QUEUE_DEPTH, volumeId);
    const highest = Math.max(0, ...depths);
    t.log(`${drive.ops} writes completed by ${loops} loops in ${drive.windowMs.toFixed(0)} ms under max_iops 20; queue_depth samples ${depths.map((d) => d.toFixed(2)).join(", ")}`);
    t.ensure(depths.length > 0, `no ${QUEUE_DEPTH} sample of volume ${volumeId} arrived during or after the load; the standard requires one every base interval`);
    // A quarter of the loops: well above what a queue that misses the waiting requests shows, well below a third of an interval of load.
    t.ensure(highest >= loops / 4, `${QUEUE_DEPTH} of volume ${volumeId} was at most ${highest} while ${loops} writes at a time waited on its max_iops of 20 for ${drive.windowMs.toFixed(0)} ms; `
      + "the catalogue defines it as the mean requests in flight on the volume over the interval");
  });

/** Volumes above this the suite does not create to reach a tenant's limit. */
const LARGEST_TENANT_LIMIT = 2000;
/** Creates sent at once while filling a tenant up to its limit. */
const CREATES_AT_ONCE = 16;

check("CreateVolume beyond Limits.max_resources_per_tenant answers RESOURCE_EXHAUSTED without RetryInfo, while a repeated create and another tenant's still answer OK [storage] [volumes] [limits]",
  { covers: ["STOR-VOL-6", "CORE-LIM-2", "CORE-IDEM-1"], timeoutMs: 60_000 }, async (t) => {
    const limit = t.limits.maxResourcesPerTenant;
    if (limit === 0n) t.skip("the endpoint declares no Limits.max_resources_per_tenant (0)");
    if (limit > BigInt(LARGEST_TENANT_LIMIT)) t.skip(`Limits.max_resources_per_tenant is ${limit}: the suite creates at most ${LARGEST_TENANT_LIMIT} volumes to reach it`);
    const held = (await walkPages(t, "ListVolumes by tenant A", volumesOf(t.tenantA))).length;
    if (BigInt(held) >= limit) t.skip(`tenant A already holds ${held} volumes, at or beyond Limits.max_resources_per_tenant ${limit}`);
    const provisioning = t.has(THIN_PROVISIONING) ? THIN : THICK;
    const requests = Array.from({ length: Number(limit) - held }, (_, i) => volumeRequest(t, `tenant-limit-${i}`, { provisioning }));
    if (provisioning === THICK) {
      const needed = BigInt(requests.length) * volumeSize(t.config);
      const free = (await listPools(t, t.operator)).reduce((most, p) => (p.capacityBytes - p.allocatedBytes > most ? p.capacityBytes - p.allocatedBytes : most), 0n);
      if (needed > free) t.skip(`${requests.length} thick volumes of ${volumeSize(t.config)} bytes need ${needed} bytes, more than any pool has free (${free}), and thin volumes are not offered`);
    }
    t.log(`tenant A held ${held} volumes; creating ${requests.length} more to reach Limits.max_resources_per_tenant ${limit}`);
    // Within the limit every create must succeed: an endpoint never refuses a count within what it declares.
    for (let i = 0; i < requests.length; i += CREATES_AT_ONCE) await Promise.all(requests.slice(i, i + CREATES_AT_ONCE).map((r) => createVolumeFrom(t, r)));
    const oneMore = volumeRequest(t, "tenant-limit-beyond", { provisioning });
    const error = await t.expectCode(t.tenantA.volumes.createVolume(oneMore).then((answer) => {
      if (answer.volume) t.track(() => t.tenantA.volumes.deleteVolume({ volumeId: answer.volume!.volumeId }), `DeleteVolume ${answer.volume.volumeId}`);
      return answer;
    }), Code.RESOURCE_EXHAUSTED, `CreateVolume of one volume more than Limits.max_resources_per_tenant = ${limit}`, core.ErrorReason.ERROR_REASON_CAPACITY_EXHAUSTED);
    t.ensure(error.retryDelayMs === undefined, `CreateVolume beyond the tenant's limit carries RetryInfo (${error.retryDelayMs} ms); retrying will not help, and the standard forbids it`);
    const last = requests.at(-1)!;
    const repeated = await t.expectCode(t.tenantA.volumes.createVolume(last), Code.OK, `CreateVolume repeated for "${last.name}" with tenant A at its limit`);
    t.ensure(repeated.volume?.name === last.name, "CreateVolume repeated at the limit must answer the existing volume: a repeat is no new volume");
    await createVolume(t, "tenant-limit-other", { as: t.tenantB, provisioning, name: uniqueName("tenant-limit-b") });
  });
