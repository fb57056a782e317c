import { setTimeout as sleep } from "node:timers/promises";
import { core, rpc } from "@strata/sdk/contracts";
import { duplicates } from "../../helpers/duplicates.js";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { listPools } from "./support/list-pools.js";
import { createVolume } from "./support/storage-volumes.js";
import { absentId, volumeSize } from "./support/storage-options.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

const { Code } = rpc;

/** Problems of one IoLatency summary: mean 0 without ops, mean ≤ max. */
function latencyProblems(owner: string, latency: storage.IoLatency | undefined): string[] {
  if (!latency) return [];
  const problems: string[] = [];
  if (latency.ops === 0n && latency.meanLatencyNs !== 0n) problems.push(`${owner}: mean_latency_ns ${latency.meanLatencyNs} with 0 ops (must be 0)`);
  if (latency.meanLatencyNs > latency.maxLatencyNs) problems.push(`${owner}: mean_latency_ns ${latency.meanLatencyNs} above max_latency_ns ${latency.maxLatencyNs}`);
  return problems;
}

/** Fails unless GetPlacement of a volume (written once) describes its pool, LUNs and devices as the standard requires; `on` names the case. */
async function describesPlacement(t: StorageContext, volume: storage.Volume, on: string): Promise<void> {
  await t.expectCode(t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: 0n, data: Buffer.alloc(4096, 1), durable: false }), Code.OK, `Write ${on}`);
  const placement = await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: volume.volumeId }), Code.OK, `GetPlacement ${on}`);
  t.equal(placement.volumeId, volume.volumeId, `GetPlacement ${on} must answer for the volume asked`);
  t.equal(placement.pool?.poolId, volume.poolId, `GetPlacement's pool ${on} must be the volume's pool_id`);
  t.ensure(placement.luns.length > 0, `GetPlacement ${on} lists no LUN; the standard requires at least one`);
  const lunIds = placement.luns.map((l) => l.lunId);
  t.ensure(!lunIds.includes("") && duplicates(lunIds).length === 0, `GetPlacement's lun_ids [${lunIds.join(", ")}] ${on} must be non-empty and unique within the pool`);
  const deviceIds = placement.devices.map((d) => d.deviceId);
  const repeated = duplicates(deviceIds);
  t.ensure(!deviceIds.includes(""), `GetPlacement ${on} lists a device with an empty device_id`);
  t.ensure(repeated.length === 0, `GetPlacement ${on} lists devices ${repeated.join(", ")} more than once; the standard requires each device once`);
  const deviceless = placement.luns.filter((l) => l.deviceIds.length === 0).map((l) => l.lunId);
  t.ensure(deviceless.length === 0, `GetPlacement ${on}: LUN ${deviceless.join(", ")} names no device; the standard requires each LUN to name the devices it lies on (STOR-PLACE-3)`);
  const named = [...new Set(placement.luns.flatMap((l) => l.deviceIds))];
  const unlisted = named.filter((id) => !deviceIds.includes(id));
  t.ensure(unlisted.length === 0, `the LUNs ${on} name devices ${unlisted.join(", ")} that GetPlacement's devices do not list; the standard requires every device a LUN names`);
  const unnamed = deviceIds.filter((id) => !named.includes(id));
  t.ensure(unnamed.length === 0, `GetPlacement ${on} lists devices ${unnamed.join(", ")} that none of its LUNs names; the standard lists exactly the devices the LUNs name (STOR-PLACE-3)`);
  const outsidePool = named.filter((id) => !placement.pool?.deviceIds.includes(id));
  t.ensure(outsidePool.length === 0, `the LUNs ${on} name devices ${outsidePool.join(", ")} that are not among the pool's device_ids (${placement.pool?.deviceIds.join(", ")})`);
  const unknownKinds = placement.devices.filter((d) => d.kind === storage.DeviceKind.DEVICE_KIND_UNSPECIFIED).map((d) => d.deviceId);
  if (unknownKinds.length > 0) t.log(`devices of unknown kind (DEVICE_KIND_UNSPECIFIED): ${unknownKinds.join(", ")}`);
  const problems = [
    ...placement.luns.flatMap((l) => latencyProblems(`LUN ${l.lunId}`, l.latency)),
    ...placement.devices.flatMap((d) => latencyProblems(`device ${d.deviceId}`, d.latency)),
  ];
  t.ensure(problems.length === 0, `GetPlacement's latency summaries ${on} are inconsistent: ${problems.join("; ")}`);
}

check("GetPlacement describes the volume's pool, LUNs and devices, on every pool [storage] [placement]", { covers: ["CORE-COMP-1", "STOR-SVC-1", "STOR-PLACE-3"] }, async (t) => {
  const volume = await createVolume(t, "placement");
  await describesPlacement(t, volume, `of a volume on pool ${volume.poolId}`);
  // A volume on each other pool: its LUNs lie on that pool's devices, never on another's.
  for (const pool of (await listPools(t)).filter((p) => p.poolId !== volume.poolId)) {
    const size = volumeSize(t.config);
    if (pool.capacityBytes - pool.allocatedBytes < size) {
      t.log(`pool ${pool.poolId} not described: it has ${pool.capacityBytes - pool.allocatedBytes} bytes free as tenant A sees it, fewer than a volume of ${size}`);
      continue;
    }
    const other = await createVolume(t, "placement-other-pool", { poolId: pool.poolId });
    await describesPlacement(t, other, `of a volume on pool ${pool.poolId}`);
  }
});

check("GetPlacement of an unknown volume answers NOT_FOUND, without volume_id INVALID_ARGUMENT [storage] [placement] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  await t.expectCode(t.tenantA.placement.getPlacement({ volumeId: absentId(t.config) }), Code.NOT_FOUND,
    "GetPlacement of an unknown volume", core.ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await expectInvalidField(t, t.tenantA.placement.getPlacement({ volumeId: "" }), "volume_id", "GetPlacement without volume_id");
});

/** The pool of that id, as ListPools shows it now. */
async function poolNow(t: StorageContext, poolId: string): Promise<storage.Pool> {
  const pool = (await listPools(t)).find((p) => p.poolId === poolId);
  return pool ?? t.fail(`ListPools no longer lists pool ${poolId}`);
}

check("ListPools accounts a thick volume's capacity at create and releases it at delete [storage] [placement] [capacity]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const size = 3n * volumeSize(t.config) + 512n;
  const pools = await listPools(t);
  for (const p of pools) {
    t.ensure(p.poolId !== "", "ListPools lists a pool with an empty pool_id");
    t.ensure(p.allocatedBytes <= p.capacityBytes, `pool ${p.poolId} reports allocated_bytes ${p.allocatedBytes} above capacity_bytes ${p.capacityBytes}`);
  }
  const volume = await createVolume(t, "accounting", { capacityBytes: size, provisioning: storage.Provisioning.PROVISIONING_THICK });
  t.equal(volume.allocatedBytes, size, "a thick volume's allocated_bytes must be its capacity_bytes");
  const before = pools.find((p) => p.poolId === volume.poolId) ?? t.fail(`the volume's pool ${volume.poolId} is not listed by ListPools`);
  const during = await poolNow(t, volume.poolId);
  t.equal([during.provisionedBytes - before.provisionedBytes, during.allocatedBytes - before.allocatedBytes], [size, size],
    `pool ${volume.poolId}: provisioned_bytes and allocated_bytes must grow by the thick volume's capacity_bytes (${size}) at create`);
  await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId: volume.volumeId }), Code.OK, "DeleteVolume");
  const after = await poolNow(t, volume.poolId);
  t.equal([after.provisionedBytes, after.allocatedBytes], [before.provisionedBytes, before.allocatedBytes],
    `pool ${volume.poolId}: provisioned_bytes and allocated_bytes must fall back at delete`);
});

/**
 * Reads and writes spread over the volume (so that every LUN it occupies sees some), one after the other;
 * the longest of them as the suite timed it, ms.
 */
async function spreadTraffic(t: StorageContext, volume: storage.Volume, count: number): Promise<number> {
  const step = volume.capacityBytes / BigInt(count) / 512n * 512n;
  let longestMs = 0;
  for (let i = 0; i < count; i++) {
    const offsetBytes = step * BigInt(i);
    const started = performance.now();
    if (i % 2 === 0) await t.expectCode(t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes, data: Buffer.alloc(4096, i), durable: false }), Code.OK, `Write #${i + 1}`);
    else await t.expectCode(t.tenantA.block.read({ volumeId: volume.volumeId, offsetBytes, lengthBytes: 4096n }), Code.OK, `Read #${i + 1}`);
    longestMs = Math.max(longestMs, performance.now() - started);
  }
  return longestMs;
}

/**
 * How long an operation a LUN or device counts may have taken, given the longest call it can have served (ms):
 * never longer than that call (STOR-PLACE-2), with a generous slack for clocks and rounding.
 */
const latencyBoundNs = (longestCallMs: number) => BigInt(Math.ceil((2 * longestCallMs + 50) * 1e6));

/**
 * Summaries whose max_latency_ns (or mean, when they counted none of the caller's ops before) is above what the
 * calls made in between allow: every op a summary gained came from them, so only a max that rose is theirs.
 */
function beyondCalls(before: readonly [string, storage.IoLatency | undefined][], after: readonly [string, storage.IoLatency | undefined][], boundNs: bigint): string[] {
  const was = new Map(before.map(([id, l]) => [id, l]));
  return after.flatMap(([id, l]) => {
    if (!l) return [];
    const old = was.get(id);
    const problems: string[] = [];
    if (l.maxLatencyNs > (old?.maxLatencyNs ?? 0n) && l.maxLatencyNs > boundNs) problems.push(`${id}: max_latency_ns ${l.maxLatencyNs}`);
    if ((old?.ops ?? 0n) === 0n && l.meanLatencyNs > boundNs) problems.push(`${id}: mean_latency_ns ${l.meanLatencyNs}`);
    return problems;
  });
}

/** GetPlacement of a volume as tenant A. */
const placementOf = (t: StorageContext, volumeId: string, when: string) =>
  t.expectCode(t.tenantA.placement.getPlacement({ volumeId }), Code.OK, `GetPlacement ${when}`);

/** Bursts of traffic the device-latency check makes before it judges that no device counted them. */
const DEVICE_BURSTS = 3;

/** The most ops any of the summaries gained from `before` to `after`, by id. */
function mostGained(before: readonly [string, storage.IoLatency | undefined][], after: readonly [string, storage.IoLatency | undefined][]): number {
  const was = new Map(before.map(([id, l]) => [id, l?.ops ?? 0n]));
  return Math.max(0, ...after.map(([id, l]) => Number((l?.ops ?? 0n) - (was.get(id) ?? 0n))));
}

check("GetPlacement's LUN and device latency count the volume's traffic: ops grow, with a mean and a max no longer than the calls took [storage] [placement]", { covers: ["STOR-PLACE-1", "STOR-PLACE-2"] }, async (t) => {
  const volume = await createVolume(t, "latency-traffic");
  const before = await placementOf(t, volume.volumeId, "before any I/O");
  let longestCallMs = await spreadTraffic(t, volume, 16);
  const after = await placementOf(t, volume.volumeId, "after 16 reads and writes");
  const luns = (p: storage.GetPlacementResponse) => p.luns.map((l) => [l.lunId, l.latency] as [string, storage.IoLatency | undefined]);
  const devices = (p: storage.GetPlacementResponse) => p.devices.map((d) => [d.deviceId, d.latency] as [string, storage.IoLatency | undefined]);
  const shown = (p: storage.GetPlacementResponse) => [...luns(p), ...devices(p)].map(([id, l]) => `${id}: ${l ? `${l.ops} ops, mean ${l.meanLatencyNs} ns` : "no latency"}`).join("; ");
  t.log(`after the traffic: ${shown(after)}`);
  t.ensure(mostGained(luns(before), luns(after)) > 0, `GetPlacement's LUN latency did not count 16 reads and writes of the volume (${shown(after)}); `
    + "the standard requires each LUN's latency to summarise the recent I/O of the volume on it");
  // A device other volumes share (a filesystem's disk) may count fewer ops after the burst than before it, as their
  // older I/O leaves the window: up to DEVICE_BURSTS bursts, and one that shows on a device is enough.
  let deviceAfter = after;
  let deviceGained = mostGained(devices(before), devices(after));
  for (let burst = 2; deviceGained === 0 && burst <= DEVICE_BURSTS; burst++) {
    const again = await placementOf(t, volume.volumeId, `before burst ${burst}`);
    longestCallMs = Math.max(longestCallMs, await spreadTraffic(t, volume, 16));
    deviceAfter = await placementOf(t, volume.volumeId, `after burst ${burst} of 16 reads and writes`);
    deviceGained = mostGained(devices(again), devices(deviceAfter));
  }
  t.ensure(deviceGained > 0, `GetPlacement's device latency did not count 16 reads and writes of the volume in ${DEVICE_BURSTS} bursts `
    + `(${shown(deviceAfter)}); the standard requires each device's latency to summarise the recent I/O on it`);
  const inconsistent = [...luns(after), ...devices(after)].flatMap(([id, l]) => latencyProblems(id, l));
  t.ensure(inconsistent.length === 0, `GetPlacement after 16 reads and writes: ${inconsistent.join("; ")}; the standard requires a mean of the window's ops, at most their max`);
  const busy = [...luns(after), ...devices(after)].filter(([, l]) => l && l.ops > 0n);
  const timeless = busy.filter(([, l]) => l!.meanLatencyNs === 0n || l!.maxLatencyNs === 0n || l!.windowNs === 0n).map(([id]) => id);
  t.ensure(timeless.length === 0, `GetPlacement's latency of ${timeless.join(", ")} counts ops but gives no mean_latency_ns, max_latency_ns or window_ns; the standard requires all three`);
  // Every op the summaries gained since `before` served one of the calls above (the suite runs one check at a time),
  // and lasted no longer than the call: a LUN's are all the volume's own, a device's that rose are the calls'.
  const boundNs = latencyBoundNs(longestCallMs);
  const tooLong = [...beyondCalls(luns(before), luns(after), boundNs), ...beyondCalls(devices(before), devices(deviceAfter), boundNs)];
  t.ensure(tooLong.length === 0, `GetPlacement after the volume's reads and writes, the longest of which the suite timed at ${longestCallMs.toFixed(1)} ms: ${tooLong.join("; ")}, `
    + `above ${boundNs} ns (twice that call, plus 50 ms); the standard times each op a LUN or device counts while it serves a call, never longer than the call took`);
});

/** Windows longer than this the suite does not wait out. */
const LONGEST_WINDOW_MS = 25_000;

/** Writes in each burst of the device-window part of the ageing check, and the bursts, spread over one window. */
const DEVICE_BURST_WRITES = 1;
const WRITE_BURSTS = 6;

/** Tenant A's ops on the volume's devices (its share), summed, and their longest window_ns. */
async function ownDeviceOps(t: StorageContext, volumeId: string, when: string): Promise<{ ops: bigint; windowMs: number }> {
  const placement = await placementOf(t, volumeId, when);
  const ops = placement.devices.reduce((sum, d) => sum + (d.latency?.ops ?? 0n), 0n);
  const windowNs = placement.devices.reduce((w, d) => ((d.latency?.windowNs ?? 0n) > w ? d.latency!.windowNs : w), 0n);
  return { ops, windowMs: Number(windowNs / 1_000_000n) };
}

check("GetPlacement's LUN latency ages out: window_ns after the volume's last I/O, its LUNs count no ops, read all along or not at all [storage] [placement] [slow]", { covers: ["STOR-PLACE-1"], timeoutMs: LONGEST_WINDOW_MS + 15_000 }, async (t) => {
  // Two volumes: one read all along, as a monitoring tool polls, one not read until the end, so that a window
  // must drop what left it both when advanced a slot at a time and when jumped over at once.
  const [watched, unwatched, written] = await Promise.all([createVolume(t, "latency-age"), createVolume(t, "latency-age-unread"), createVolume(t, "latency-age-devices")]);
  await spreadTraffic(t, unwatched, 8);
  await spreadTraffic(t, watched, 8);
  const busy = await placementOf(t, watched.volumeId, "after 8 reads and writes");
  const windowNs = busy.luns.reduce((longest, l) => (l.latency && l.latency.windowNs > longest ? l.latency.windowNs : longest), 0n);
  if (windowNs === 0n) t.fail(`GetPlacement's LUNs give no latency window_ns after I/O (${busy.luns.map((l) => l.lunId).join(", ")}); the standard requires the window the summary covers`);
  const windowMs = Number(windowNs / 1_000_000n);
  if (windowMs > LONGEST_WINDOW_MS) t.skip(`the LUN latency window is ${windowMs} ms: the suite waits at most ${LONGEST_WINDOW_MS} ms for it to pass`);
  // Meanwhile a third volume is written in six short bursts a fifth of the devices' window apart: a burst and the one
  // before it lie inside the window, so tenant A's share of the devices must count both. A share that forgets a
  // tenant's busy window at a sweep done once a window (at its first I/O after a window) does so at a later burst.
  const burst = async (k: number) => {
    const step = written.capacityBytes / BigInt(DEVICE_BURST_WRITES) / 512n * 512n;
    for (let i = 0; i < DEVICE_BURST_WRITES; i++) {
      await t.expectCode(t.tenantA.block.write({ volumeId: written.volumeId, offsetBytes: step * BigInt(i), data: Buffer.alloc(4096, k + 1), durable: false }), Code.OK,
        `Write #${i + 1} of burst ${k + 1} to the third volume`);
    }
  };
  const burstsStarted = [performance.now()];
  await burst(0);
  const { windowMs: deviceWindowMs } = await ownDeviceOps(t, written.volumeId, "after a burst of writes");
  const judgeDevices = deviceWindowMs > 0 && deviceWindowMs <= LONGEST_WINDOW_MS;
  if (!judgeDevices) t.log(`the devices' latency window is ${deviceWindowMs} ms: their share is not judged across bursts`);
  const pollMs = Math.max(20, windowMs / 20);
  t.log(`waiting out the LUN latency window of ${windowMs} ms, GetPlacement of one volume every ${pollMs} ms`
    + (judgeDevices ? `, a burst of ${DEVICE_BURST_WRITES} writes every ${(deviceWindowMs / (WRITE_BURSTS - 1)).toFixed(0)} ms` : ""));
  const until = Math.max(performance.now() + windowMs + 1000, burstsStarted[0]! + (judgeDevices ? 1.1 * deviceWindowMs : 0));
  while (performance.now() < until) {
    await sleep(pollMs, undefined, { signal: t.signal });
    const k = burstsStarted.length;
    if (judgeDevices && k < WRITE_BURSTS && performance.now() >= burstsStarted[0]! + k * deviceWindowMs / (WRITE_BURSTS - 1)) {
      burstsStarted.push(performance.now());
      await burst(k);
      const { ops } = await ownDeviceOps(t, written.volumeId, `after burst ${k + 1} of writes`);
      const sinceMs = performance.now() - burstsStarted[k - 1]!;
      const expected = BigInt(2 * DEVICE_BURST_WRITES);
      if (sinceMs < 0.9 * deviceWindowMs) {
        t.ensure(ops >= expected, `tenant A's GetPlacement of volume ${written.volumeId} after write burst ${k + 1} of ${WRITE_BURSTS}: its devices count ${ops} ops in all, `
          + `though this burst and the one before, ${sinceMs.toFixed(0)} ms ago inside the devices' window of ${deviceWindowMs} ms, made ${expected}; the standard shows a tenant its own I/O of the window`);
      } else t.log(`burst ${k + 1}: the burst before began ${sinceMs.toFixed(0)} ms ago, beyond 90 % of the devices' window: not judged`);
    }
    await placementOf(t, watched.volumeId, "while the LUN latency window passes");
  }
  for (const [volume, how] of [[watched, `read every ${pollMs} ms while the window passed`], [unwatched, "not read while the window passed"]] as const) {
    const quiet = await placementOf(t, volume.volumeId, `${windowMs + 1000} ms after the volume's last I/O`);
    const stale = quiet.luns.filter((l) => (l.latency?.ops ?? 0n) > 0n).map((l) => `${l.lunId} (${l.latency!.ops} ops)`);
    t.ensure(stale.length === 0, `GetPlacement ${windowMs + 1000} ms after the volume's last I/O still counts ops on LUN ${stale.join(", ")} though its window_ns is ${windowNs}; `
      + `the standard summarises the I/O of the window, which must age out (the volume ${how})`);
  }
});
