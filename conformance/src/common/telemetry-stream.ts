import { rpc, telemetry } from "@strata/sdk/contracts";
import { StreamReader } from "@strata/sdk/testing";
import { describeError } from "../helpers/describe-error.js";
import { driveCalls } from "../helpers/drive-calls.js";
import { seriesKey } from "../helpers/series-key.js";
import { pause } from "../helpers/pause.js";
import { streamViolation } from "../helpers/subscribe-semantics.js";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { hex, sampleIntervalMs, subscribeAs, subscribeRequest, type TelemetryReader } from "../helpers/telemetry-reader.js";
import { check, checkEachLayer } from "../registry/check-registry.js";
import type { DrivenCall, DrivenResource } from "../registry/traffic-driver.js";
import type { CheckContext, LayerCheckContext } from "../runner/check-context.js";

const { MODE_STREAM, MODE_ONCE, MODE_UNSPECIFIED } = telemetry.Mode;
const MS = 1_000_000n;
/** The heartbeat interval the stream checks ask for: the smallest the standard allows, doubled. */
const HEARTBEAT_MS = 200;
/** How long records of answered calls may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;

const recordsOnly = (resourceId: string): Partial<telemetry.Selector> => ({ resourceIds: [resourceId], includeRecords: true, excludeSamples: true });

/** `count` data-path calls on the resource, one traced call each, labelled "<label> #<n>". */
function drive(t: LayerCheckContext, resource: DrivenResource, count: number, label: string, first = 0): Promise<DrivenCall[]> {
  return driveCalls(t, resource, count, { label, first });
}

function allArrived(reader: TelemetryReader, calls: readonly DrivenCall[]): boolean {
  return calls.every((c) => reader.recordsOf(c.trace.traceId).length > 0);
}

checkEachLayer("Subscribe numbers messages 1, 2, 3… without holes, keeps one log_id and never lowers the watermark [telemetry] [stream]",
  { covers: ["TEL-STREAM-1", "TEL-STREAM-2", "TEL-STREAM-3", "TEL-LOG-1"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-seq" });
    const reader = subscribeAs(t, t.tenantA, {
      mode: MODE_STREAM, heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS, selector: { resourceIds: [resource.id], includeRecords: true },
    }, "tenant A's Subscribe");
    await waitSynced(t, reader, "tenant A");
    // Three bursts far enough apart to travel as separate batches.
    const calls: DrivenCall[] = [];
    for (let burst = 0; burst < 3; burst++) {
      calls.push(...await drive(t, resource, 2, "call", burst * 2));
      await pause(40, t.signal);
    }
    await reader.waitFor(() => allArrived(reader, calls), RECORD_WAIT_MS, t.signal);
    failStream(t, reader, "tenant A");
    t.ensure(allArrived(reader, calls), `the records of the ${calls.length} calls did not all arrive within ${RECORD_WAIT_MS} ms; the standard requires one per request`);
    t.log(`${reader.messages.length} messages, log_id ${reader.logId}, last watermark ${reader.watermark}`);
  });

checkEachLayer("A fresh stream sends the latest sample of every series, then a SyncMarker, then live items only [telemetry] [stream]",
  { covers: ["TEL-STREAM-4", "TEL-STREAM-2", "TEL-SUB-3"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-initial" });
    const interval = sampleIntervalMs(t.limits);
    // A first stream waits for the resource's samples of one interval.
    const first = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector: { resourceIds: [resource.id] } }, "the first Subscribe");
    await waitSynced(t, first, "tenant A (first stream)");
    const synced = first.syncs[0]!;
    const sampledLive = await first.waitFor(() => first.samples.some((s) => s.message > synced), 2 * interval + 500, t.signal);
    failStream(t, first, "tenant A (first stream)");
    t.ensure(sampledLive, `no sample for ${t.module.driver.resourceKind} ${resource.id} within two sample intervals (${2 * interval} ms); the standard requires every catalogue row every interval`);
    const before = await drive(t, resource, 1, "call before the second stream");
    await first.waitFor(() => allArrived(first, before), 300, t.signal);
    const latestSeen = new Map<string, bigint>();
    for (const { sample } of first.samples) latestSeen.set(seriesKey(sample), sample.sequence);

    const second = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector: { resourceIds: [resource.id], includeRecords: true } }, "the second Subscribe");
    await waitSynced(t, second, "tenant A (second stream)");
    const live = await drive(t, resource, 1, "call after the SyncMarker", 1);
    await second.waitFor(() => allArrived(second, live), RECORD_WAIT_MS, t.signal);
    failStream(t, second, "tenant A (second stream)");

    const syncAt = second.syncs[0]!;
    const sync = second.messages[syncAt]!.sync!;
    const early = second.records.find((r) => r.message < syncAt);
    t.ensure(!early, `the initial state carries a request record (sequence ${early?.record.sequence}); `
      + "a fresh stream's initial state is the most recent sample of every series, and records only follow the SyncMarker");
    const initial = second.samples.filter((s) => s.message < syncAt).map((s) => s.sample);
    const seen = new Map<string, bigint>();
    for (const sample of initial) {
      const key = seriesKey(sample);
      t.ensure(!seen.has(key), `the initial state carries two samples of ${key} (sequences ${seen.get(key)} and ${sample.sequence}); it holds the most recent one of each series`);
      seen.set(key, sample.sequence);
    }
    for (const [key, sequence] of latestSeen) {
      const got = seen.get(key);
      if (got === undefined) return t.fail(`the initial state lacks ${key}, whose sample ${sequence} an earlier stream received; it holds the most recent sample of every series the selector matches`);
      t.ensure(got >= sequence, `the initial state carries sample ${got} of ${key}, but an earlier stream already received sample ${sequence}; it holds the most recent`);
    }
    const stale = second.recordsOf(before[0]!.trace.traceId);
    t.ensure(stale.length === 0, `${before[0]!.what} happened before the stream opened, yet the stream sent its record (sequence ${stale[0]?.record.sequence}); `
      + `a fresh stream starts from the initial state, the SyncMarker at ${sync.sequence} replacing the history`);
    const liveRecord = second.recordsOf(live[0]!.trace.traceId)[0];
    if (!liveRecord) t.fail(`${live[0]!.what} yielded no record on the stream within ${RECORD_WAIT_MS} ms; live items follow the SyncMarker`);
    t.ensure(liveRecord.record.sequence > sync.sequence && liveRecord.message > syncAt,
      `${live[0]!.what}: record ${liveRecord.record.sequence} arrived as message ${liveRecord.message + 1}; live items come after the SyncMarker (message ${syncAt + 1}, sequence ${sync.sequence})`);
  });

checkEachLayer("A quiet stream receives a Heartbeat after each heartbeat_interval_ns without messages [telemetry] [stream]",
  { covers: ["TEL-STREAM-6"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-heartbeat" });
    const reader = subscribeAs(t, t.tenantA, {
      mode: MODE_STREAM, heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS, selector: recordsOnly(resource.id),
    }, "tenant A's Subscribe");
    await waitSynced(t, reader, "tenant A");
    const limitMs = HEARTBEAT_MS * 3 + 600;
    await reader.waitFor(() => reader.heartbeats.length >= 3, limitMs, t.signal);
    failStream(t, reader, "tenant A");
    t.ensure(reader.heartbeats.length >= 2, `${reader.heartbeats.length} Heartbeat(s) within ${limitMs} ms on a stream with nothing to send `
      + `and heartbeat_interval_ns ${HEARTBEAT_MS} ms; the standard requires one after each ${HEARTBEAT_MS} ms without another message`);
    for (const index of reader.heartbeats) t.ensure(reader.messages[index]!.heartbeat!.timeUnixNano > 0n, "a Heartbeat without time_unix_nano; the standard requires the server clock in it");
    // Judged on the server's own clock, which each Heartbeat carries: when they arrived depends on how busy the suite's
    // host was, when the endpoint sent them does not.
    const spacings = reader.heartbeats.filter((index) => reader.messages[index - 1]?.heartbeat).map((index) =>
      Number(reader.messages[index]!.heartbeat!.timeUnixNano - reader.messages[index - 1]!.heartbeat!.timeUnixNano) / 1e6);
    for (const quietMs of spacings) {
      t.ensure(quietMs >= HEARTBEAT_MS * 0.75, `a Heartbeat is stamped ${quietMs.toFixed(0)} ms after the Heartbeat before it (time_unix_nano, the endpoint's clock); `
        + `the standard sends one only after heartbeat_interval_ns (${HEARTBEAT_MS} ms) without another message`);
    }
  });

checkEachLayer("MODE_ONCE sends the retained records and latest samples, one SyncMarker, then ends with OK [telemetry] [stream]",
  { covers: ["TEL-SUB-3"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-once" });
    const calls = await drive(t, resource, 2, "call");
    const reader = new StreamReader(t.tenantA.telemetry.subscribe(subscribeRequest({
      mode: MODE_ONCE, selector: { resourceIds: [resource.id], includeRecords: true },
    })));
    t.track(() => reader.cancel(), "cancel the MODE_ONCE Subscribe");
    const waitMs = 3000;
    const ended = await reader.waitForEnd(waitMs, t.signal);
    const broken = streamViolation(reader.messages, { kind: "fresh" });
    t.ensure(!broken, `Subscribe MODE_ONCE: ${broken}`);
    if (reader.error) t.fail(`Subscribe MODE_ONCE ended with ${describeError(reader.error)}; the standard requires OK after the SyncMarker`);
    const syncs = reader.messages.filter((m) => m.sync);
    t.ensure(ended, `Subscribe MODE_ONCE was still open ${waitMs} ms later (${reader.messages.length} messages, ${syncs.length} SyncMarker); `
      + "the standard requires it to end with OK right after its SyncMarker");
    t.ensure(syncs.length === 1, `Subscribe MODE_ONCE sent ${syncs.length} SyncMarkers; the standard requires exactly one`);
    t.ensure(reader.messages.at(-1)?.sync !== undefined, "Subscribe MODE_ONCE sent messages after its SyncMarker; the standard requires it to end there");
    const records = reader.messages.flatMap((m) => m.batch?.records ?? []);
    for (const call of calls) {
      const n = records.filter((r) => hex(r.traceId) === call.trace.traceId).length;
      t.ensure(n === 1, `Subscribe MODE_ONCE carries ${n} records of ${call.what}, made just before; `
        + "the standard requires the retained records (each once) when include_records is set");
    }
  });

check("Subscribe answers INVALID_ARGUMENT naming mode for MODE_UNSPECIFIED and heartbeat_interval_ns below 100 ms [telemetry] [errors]",
  { covers: ["TEL-SUB-1", "CORE-ERR-3", "CORE-ERR-7"] }, async (t: CheckContext) => {
    const cases: Array<[string, Partial<telemetry.SubscribeRequest>, string]> = [
      ["MODE_UNSPECIFIED", { mode: MODE_UNSPECIFIED }, "mode"],
      ["heartbeat_interval_ns 1 ms", { mode: MODE_STREAM, heartbeatIntervalNs: MS }, "heartbeat_interval_ns"],
    ];
    for (const [what, request, field] of cases) {
      const reader = new StreamReader(t.tenantA.telemetry.subscribe(subscribeRequest(request)));
      t.track(() => reader.cancel(), `cancel the Subscribe with ${what}`);
      const ended = await reader.waitForEnd(2000, t.signal);
      t.ensure(ended, `Subscribe with ${what} was still open after 2000 ms (${reader.messages.length} messages); the standard requires INVALID_ARGUMENT`);
      const error = await t.expectCode(reader.error ? Promise.reject(reader.error) : Promise.resolve(), rpc.Code.INVALID_ARGUMENT, `Subscribe with ${what}`);
      const named = error.fieldViolations.map((v) => v.field);
      t.ensure(named.includes(field), `Subscribe with ${what}: the BadRequest names ${named.length ? `[${named.join(", ")}]` : "no field"}; `
        + `the standard requires a field violation naming "${field}"`);
    }
  });

checkEachLayer("Resuming after a disconnect replays every record missed, exactly once, before the SyncMarker [telemetry] [resume]",
  { covers: ["TEL-STREAM-5", "TEL-STREAM-2", "TEL-LOG-3"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-resume" });
    const first = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector: recordsOnly(resource.id) }, "the first Subscribe");
    await waitSynced(t, first, "tenant A (first stream)");
    const seen = await drive(t, resource, 3, "call before the disconnect");
    await first.waitFor(() => allArrived(first, seen), RECORD_WAIT_MS, t.signal);
    failStream(t, first, "tenant A (first stream)");
    t.ensure(allArrived(first, seen), `the records of the calls did not arrive within ${RECORD_WAIT_MS} ms`);
    const { watermark, logId } = first;
    first.cancel();
    await first.waitForEnd(1000, t.signal);

    const missed = await drive(t, resource, 5, "call while disconnected", 3);
    const resumed = subscribeAs(t, t.tenantA, {
      mode: MODE_STREAM, selector: recordsOnly(resource.id), resumeAfterSequence: watermark, resumeLogId: logId,
    }, "the resumed Subscribe");
    await waitSynced(t, resumed, `tenant A (resumed after ${watermark} in log ${logId})`);
    const liveCalls = await drive(t, resource, 1, "call after the resume", 8);
    await resumed.waitFor(() => allArrived(resumed, liveCalls), RECORD_WAIT_MS, t.signal);
    failStream(t, resumed, "tenant A (resumed)", { kind: "resumed", resumeAfter: watermark });

    const gap = resumed.gaps[0];
    if (gap !== undefined) {
      t.fail(`the resumed stream sent a Gap (${JSON.stringify(telemetry.Gap.toJSON(resumed.messages[gap]!.gap!))}) `
        + `although sequence ${watermark} of log ${logId} is inside the retained window; the standard requires the missed items replayed`);
    }
    const syncAt = resumed.syncs[0]!;
    for (const call of missed) {
      const got = resumed.recordsOf(call.trace.traceId);
      t.ensure(got.length === 1, `${call.what}: the resumed stream carries ${got.length} records of it; the standard replays every matching item after resume_after_sequence exactly once`);
      t.ensure(got[0]!.message < syncAt, `${call.what}: its record arrived after the SyncMarker; a resumed stream replays what was missed, then sends the SyncMarker`);
    }
    for (const call of seen) {
      const got = resumed.recordsOf(call.trace.traceId);
      t.ensure(got.length === 0, `${call.what}: the resumed stream sent its record (sequence ${got[0]?.record.sequence}) again, `
        + `although the watermark ${watermark} the resume named had covered it`);
    }
    t.ensure(allArrived(resumed, liveCalls), `${liveCalls[0]!.what} yielded no record on the resumed stream within ${RECORD_WAIT_MS} ms; live items follow the SyncMarker`);
  });
