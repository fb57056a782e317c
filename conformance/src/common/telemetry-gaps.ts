import { randomBytes } from "node:crypto";
import { telemetry } from "@strata/sdk/contracts";
import { describeError } from "../helpers/describe-error.js";
import { pause } from "../helpers/pause.js";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, subscribeRequest, TelemetryReader } from "../helpers/telemetry-reader.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { DrivenCall, DrivenResource } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";

const { MODE_STREAM, MODE_ONCE } = telemetry.Mode;
/** Calls at once when the suite fills the log or floods a subscriber. */
const CONCURRENCY = 32;
/** The most calls the check makes to push the log past its retained window; an endpoint retaining more is not provoked. */
const FILL_CALLS_MAX = 2000;
/** How long a flood may last; an endpoint buffering more than the check fills in that time is not provoked, ms. */
const FLOOD_BUDGET_MS = 10_000;
/** How long the flood's first calls may take to tell its pace, ms. */
const PACE_SAMPLE_MS = 1000;
/** What HTTP/2 flow control and the client hold for a paused stream besides the endpoint's buffer, items. */
const TRANSPORT_ALLOWANCE = 2000;

const everything = (resourceId: string): Partial<telemetry.Selector> => ({ resourceIds: [resourceId], includeRecords: true });

/** The first message is a Gap with `reason`, and no record comes before the SyncMarker; returns the Gap. */
function expectResetPrelude(t: LayerCheckContext, reader: TelemetryReader, what: string, reason: telemetry.GapReason): telemetry.Gap {
  const first = reader.messages.find((m) => !m.heartbeat);
  const gap = first?.gap;
  if (!gap) {
    return t.fail(`Subscribe with ${what} began with ${first?.batch ? "a batch" : first?.sync ? "a SyncMarker" : "nothing"}; `
      + `the standard requires a Gap with ${telemetry.gapReasonToJSON(reason)} first`);
  }
  t.ensure(gap.reason === reason, `Subscribe with ${what} sent a Gap with ${telemetry.gapReasonToJSON(gap.reason)}; the standard requires ${telemetry.gapReasonToJSON(reason)}`);
  const syncAt = reader.syncs[0]!;
  const early = reader.records.find((r) => r.message < syncAt);
  t.ensure(!early, `Subscribe with ${what} sent a request record (sequence ${early?.record.sequence}) before its SyncMarker; `
    + "after the Gap comes the initial state (latest samples), then the SyncMarker");
  const sync = reader.messages[syncAt]!.sync!;
  t.ensure(sync.sequence >= gap.toSequence, `the SyncMarker at ${sync.sequence} is below the Gap's to_sequence ${gap.toSequence}; the initial state is taken where the lost range ends`);
  return gap;
}

/** The log's id and last sequence now, from a MODE_ONCE stream's SyncMarker. */
async function logHead(t: LayerCheckContext): Promise<{ logId: string; head: bigint }> {
  const reader = new TelemetryReader(t.tenantA.telemetry.subscribe(subscribeRequest({ mode: MODE_ONCE, selector: { excludeSamples: true, resourceIds: [t.absentId()] } })));
  t.track(() => reader.cancel(), "cancel the MODE_ONCE Subscribe");
  await reader.waitFor(() => reader.synced || reader.ended, 3000, t.signal);
  if (!reader.synced) t.fail(`Subscribe MODE_ONCE sent no SyncMarker within 3000 ms${reader.error ? ` (${describeError(reader.error)})` : ""}`);
  return { logId: reader.logId, head: reader.messages[reader.syncs[0]!]!.sync!.sequence };
}

/** Untraced calls on the resource, CONCURRENCY at a time, `count` of them, on behalf of `applicationOf(index)`. */
async function burst(t: LayerCheckContext, resource: DrivenResource, count: number, applicationOf: (index: number) => string, budgetMs = Infinity) {
  const operation = t.module.driver.operations[0];
  const started = performance.now();
  let made = 0;
  let failed = 0;
  let firstFailure: unknown;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (made < count && performance.now() - started < budgetMs && !t.signal.aborted) {
      const index = made++;
      await t.module.driver.call(t, resource, { operation, index, label: `burst call #${index + 1}`, applicationId: applicationOf(index), untraced: true })
        .catch((error: unknown) => { failed++; firstFailure ??= error; });
    }
  }));
  return { made, failed, firstFailure, elapsedMs: performance.now() - started };
}

checkEachLayer("Resuming from another log_id starts with an ENDPOINT_RESTARTED Gap, then the initial state and a SyncMarker [telemetry] [resume]",
  { covers: ["TEL-STREAM-5", "TEL-STREAM-7"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-reset" });
    const bogus = `conformance-no-such-log-${randomBytes(6).toString("hex")}`;
    const restarted = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector: everything(resource.id), resumeAfterSequence: 1n, resumeLogId: bogus },
      "the Subscribe resuming another log");
    await waitSynced(t, restarted, `tenant A (resuming log "${bogus}")`);
    failStream(t, restarted, "tenant A (resuming another log)", { kind: "reset" });
    const gap = expectResetPrelude(t, restarted, "resume_log_id of another log", telemetry.GapReason.GAP_REASON_ENDPOINT_RESTARTED);
    t.ensure(gap.fromSequence === 1n || gap.toSequence === 0n, `the ENDPOINT_RESTARTED Gap runs from ${gap.fromSequence}; in the current log it runs from 1 (or is empty, to_sequence 0)`);
  });

checkEachLayer("Resuming a log after sequence 0 replays it from its start, or starts with an OUTSIDE_RETAINED_WINDOW Gap from 1, never a fresh stream [telemetry] [resume]",
  { covers: ["TEL-STREAM-5"] }, async (t) => {
    // A subscriber that synced while the log was empty resumes with its log_id and watermark 0: everything since is what it missed.
    const resource = await t.module.driver.create(t, { stem: "resume-zero" });
    const calls: DrivenCall[] = [];
    for (let index = 0; index < 2; index++) {
      calls.push(await t.module.driver.call(t, resource, { index, label: `call #${index + 1}` }));
    }
    const { logId } = await logHead(t);
    const what = `resume_log_id "${logId}" (the current log) and resume_after_sequence 0`;
    const resumed = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector: { ...everything(resource.id), excludeSamples: true }, resumeAfterSequence: 0n, resumeLogId: logId },
      "the Subscribe resuming after sequence 0");
    await waitSynced(t, resumed, "tenant A (resuming after sequence 0)");
    const first = resumed.messages.find((m) => !m.heartbeat);
    failStream(t, resumed, "tenant A (resuming after sequence 0)", first?.gap ? { kind: "reset" } : { kind: "resumed", resumeAfter: 0n });
    if (first?.gap) {
      t.ensure(first.gap.reason === telemetry.GapReason.GAP_REASON_OUTSIDE_RETAINED_WINDOW && first.gap.fromSequence === 1n,
        `Subscribe with ${what} began with a Gap with ${telemetry.gapReasonToJSON(first.gap.reason)} from ${first.gap.fromSequence}; `
        + "when the log's start is no longer retained the standard requires an OUTSIDE_RETAINED_WINDOW Gap from 1");
      return;
    }
    const syncAt = resumed.syncs[0]!;
    const replayed = (call: DrivenCall) => resumed.recordsOf(call.trace.traceId).some((r) => r.message < syncAt);
    const missing = calls.filter((call) => !replayed(call));
    t.ensure(missing.length === 0, `Subscribe with ${what} sent no Gap and did not replay ${missing.map((c) => c.what).join(", ")} before its SyncMarker; `
      + "the standard resumes a log after sequence 0 from its start (the subscriber synced while it was empty), not as a fresh stream");
  });

checkEachLayer("Resuming from outside the retained window starts with an OUTSIDE_RETAINED_WINDOW Gap, then the initial state and a SyncMarker [telemetry] [resume]",
  { covers: ["TEL-STREAM-5", "TEL-STREAM-7", "TEL-LOG-3"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-window" });
    const window = t.limits.telemetryRetainedItems;
    let { logId, head } = await logHead(t);
    if (head <= window + 1n) {
      const needed = Number(window + 2n - head);
      if (needed > FILL_CALLS_MAX) {
        t.skip(`the log holds ${head} items and retains ${window} (Limits.telemetry_retained_items): resuming from outside the window needs ${needed} more items, `
          + `more than the ${FILL_CALLS_MAX} calls this check makes to provoke it`);
      }
      const filled = await burst(t, resource, needed, () => t.config.applicationId);
      if (filled.failed > 0) t.fail(`${filled.failed} of ${filled.made} calls to fill the log failed; first: ${describeError(filled.firstFailure)}`);
      ({ logId, head } = await logHead(t));
    }
    const outside = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector: everything(resource.id), resumeAfterSequence: 1n, resumeLogId: logId },
      "the Subscribe resuming outside the window");
    await waitSynced(t, outside, "tenant A (resuming after sequence 1)");
    failStream(t, outside, "tenant A (resuming outside the window)", { kind: "reset" });
    const gap = expectResetPrelude(t, outside, `resume_after_sequence 1 with the log at ${head} and a window of ${window}`,
      telemetry.GapReason.GAP_REASON_OUTSIDE_RETAINED_WINDOW);
    t.ensure(gap.fromSequence === 2n, `the Gap starts at ${gap.fromSequence}; what is lost starts right after resume_after_sequence, at 2`);
  });

/**
 * How one flood round is made: the layer's cheapest calls, each a record, on behalf of `applications`
 * applications of the check's own in turn (each the samples of new series every interval, up to the tenant's
 * series cap, Limits.max_series_per_tenant, so that none folds into the overflow series), enough for `items`
 * items: Limits.subscriber_buffer_items and what the transport holds, with margin. The second round, for an
 * endpoint the first did not overflow, makes twice the calls on behalf of the same applications.
 */
interface FloodPlan { calls: number; applications: number; items: number }

function floodPlan(t: LayerCheckContext, round: 1 | 2): FloodPlan {
  const items = Math.ceil((Number(t.limits.subscriberBufferItems) + TRANSPORT_ALLOWANCE) * 1.2);
  const seriesPerApplication = Math.max(1, t.module.catalogue.filter((row) => row.perOperation).length);
  // Room for the tenant's series the run already holds: beyond the cap, work folds into the overflow series.
  const newSeries = Math.max(0, Number(t.limits.maxSeriesPerTenant) - 100);
  // A new application's call: its record, and its series' samples of the interval.
  const perNew = 1 + seriesPerApplication;
  const first = items <= newSeries * perNew
    ? { calls: Math.ceil(items / perNew), applications: Math.ceil(items / perNew), items }
    : { calls: newSeries + (items - newSeries * perNew), applications: newSeries, items };
  return round === 1 ? first : { ...first, calls: 2 * first.calls, items: 2 * items };
}

/** What one flood round saw on its stream. */
interface FloodRound {
  reader: TelemetryReader;
  made: number;
  fences: DrivenCall[];
  floodMs: number;
  /** Set when the round gave up: the endpoint answers too slowly to make the plan within the budget. */
  tooSlow?: string;
}

/** Opens a paused stream, floods the resource without reading it, then reads again behind a fence call. */
async function floodRound(t: LayerCheckContext, resource: DrivenResource, plan: FloodPlan, prefix: string): Promise<FloodRound> {
  const { driver } = t.module;
  const reader = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector: everything(resource.id) }, "the slow Subscribe");
  await waitSynced(t, reader, "tenant A");
  reader.pause();
  const applicationOf = (i: number) => (plan.applications > 0 ? `${prefix}-${i % plan.applications}` : t.config.applicationId);
  // A first tenth (or second) tells the pace: a plan the budget cannot hold is given up at once.
  const sample = Math.max(CONCURRENCY, Math.ceil(plan.calls / 10));
  const first = await burst(t, resource, Math.min(sample, plan.calls), applicationOf, PACE_SAMPLE_MS);
  const rate = first.made / Math.max(1, first.elapsedMs) * 1000;
  const projectedMs = plan.calls / Math.max(rate, 1e-3) * 1000;
  if (projectedMs > FLOOD_BUDGET_MS) {
    return { reader, made: first.made, fences: [], floodMs: first.elapsedMs,
      tooSlow: `overflowing it takes about ${plan.calls} calls (${plan.items} items: records, and the samples of ${plan.applications} new series), `
        + `${(projectedMs / 1000).toFixed(0)} s at the ${rate.toFixed(0)} calls/s this endpoint answers, beyond the check's budget of ${FLOOD_BUDGET_MS / 1000} s` };
  }
  const rest = await burst(t, resource, plan.calls - first.made, (i) => applicationOf(i + first.made), FLOOD_BUDGET_MS - first.elapsedMs);
  const made = first.made + rest.made;
  const failed = first.failed + rest.failed;
  const floodMs = first.elapsedMs + rest.elapsedMs;
  // Let the interval of the last calls close, so that their samples are produced too, then read again.
  await pause(sampleIntervalMs(t.limits) + 50, t.signal);
  const resumedAt = reader.messages.length;
  reader.resume();
  // Fence calls until one comes through: everything logged before it was then delivered or reported lost.
  const fences: DrivenCall[] = [];
  for (let attempt = 1; attempt <= 20; attempt++) {
    const fence = await driver.call(t, resource, { index: attempt, label: `fence call #${attempt}` });
    fences.push(fence);
    if (await reader.waitFor(() => reader.recordsOf(fence.trace.traceId).length > 0, 500, t.signal)) break;
  }
  t.log(`${made} calls (${failed} failed, ${plan.applications} applications) in ${floodMs.toFixed(0)} ms while not reading; ${reader.messages.length - resumedAt} messages after resuming, `
    + `${fences.length} fence call(s), ${reader.records.length} records, ${reader.samples.length} samples, ${reader.gaps.length} gap(s)`);
  if (failed > 0) t.log(`first failed call: ${describeError(first.firstFailure ?? rest.firstFailure)}`);
  return { reader, made, fences, floodMs };
}

checkEachLayer("A subscriber that stops reading gets a SLOW_SUBSCRIBER Gap before later items, never a silent hole [telemetry] [slow-subscriber] [slow]",
  { timeoutMs: 2 * FLOOD_BUDGET_MS + 15_000, covers: ["TEL-STREAM-8", "TEL-STREAM-7"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "stream-slow" });
    const buffer = t.limits.subscriberBufferItems;
    const prefix = uniqueApplicationId(t, "slow");
    let round: FloodRound | undefined;
    let plan: FloodPlan | undefined;
    let lostUpstream = 0n;
    for (const number of [1, 2] as const) {
      plan = floodPlan(t, number);
      const lostBefore = await t.module.recordsLostUpstream?.(t) ?? 0n;
      round = await floodRound(t, resource, plan, prefix);
      lostUpstream = (await t.module.recordsLostUpstream?.(t) ?? 0n) - lostBefore;
      if (lostUpstream > 0n) t.log(`${lostUpstream} of the records made were lost before they reached the endpoint's log, as it reports them (a hub's endpoints' Gaps)`);
      if (round.tooSlow) t.skip(`Limits.subscriber_buffer_items is ${buffer}: ${round.tooSlow}`);
      failStream(t, round.reader, "tenant A (slow)");
      if (round.reader.gaps.length > 0) break;
      const received = BigInt(round.reader.records.length);
      const expected = BigInt(round.made + round.fences.length) - lostUpstream;
      t.ensure(received >= expected, `${expected - received} request records were neither delivered nor reported in a Gap: `
        + "a silent hole; the standard requires a Gap naming what a slow subscriber lost");
      round.reader.cancel();
      // The endpoint slowed down past its first pace (a busy host): the budget ran out before the plan, so a buffer
      // that held everything proves nothing either way.
      if (round.made < plan.calls) {
        t.skip(`Limits.subscriber_buffer_items is ${buffer}: round ${number} made ${round.made} of the ${plan.calls} calls it needs within the check's budget `
          + `of ${FLOOD_BUDGET_MS / 1000} s (the endpoint answered more slowly than its first calls promised), and nothing was lost`);
      }
    }
    const { reader, made, fences, floodMs } = round!;
    const fence = fences.at(-1)!;
    const gaps = reader.gaps.map((i) => reader.messages[i]!.gap!);
    const slowGaps = gaps.filter((g) => g.reason === telemetry.GapReason.GAP_REASON_SLOW_SUBSCRIBER);
    const droppedRecords = gaps.reduce((sum, g) => sum + g.droppedRecords, 0n);
    const expectedRecords = BigInt(made + fences.length) - lostUpstream;
    const received = BigInt(reader.records.length);
    if (slowGaps.length === 0) {
      t.fail(`a subscriber that read nothing for ${(floodMs / 1000).toFixed(1)} s while the endpoint produced ${made} records (and their samples) `
        + `received every record and no Gap (what was dropped, if anything, were samples); the standard requires a bounded per-subscriber buffer that drops and sends a SLOW_SUBSCRIBER Gap `
        + `(Limits.subscriber_buffer_items is ${buffer}; this check made ${made} calls, each a record, the first ones the samples of a new series)`);
    }
    // 0 and 0 are "not known", which the standard allows only for items that left the retained window before the
    // stream read them: possible only where the flood alone outgrew the window the endpoint declares.
    const retained = t.limits.telemetryRetainedItems;
    const windowOutgrown = BigInt(plan!.items) > retained;
    const uncounted = slowGaps.filter((g) => g.droppedRecords === 0n && g.droppedSamples === 0n);
    if (uncounted.length > 0) {
      t.ensure(windowOutgrown, `${uncounted.length} SLOW_SUBSCRIBER Gap(s) report 0 dropped records and 0 dropped samples, yet this flood of about `
        + `${plan!.items} items stayed within the retained window of ${retained} (Limits.telemetry_retained_items); the standard requires the counts `
        + "of items dropped from the subscriber's buffer (0 and 0 only for items that left the retained window)");
      t.ensure(received + droppedRecords <= expectedRecords, `the Gaps count ${droppedRecords} dropped records, but only ${expectedRecords - received} `
        + `of the ${expectedRecords} made did not arrive; the standard requires dropped_records to be the records lost`);
      t.log(`${uncounted.length} Gap(s) with counts not known: the flood of about ${plan!.items} items outgrew the retained window of ${retained}`);
      t.ensure(reader.recordsOf(fence.trace.traceId).length === 1, `${fences.length} calls after the subscriber read again, 500 ms apart, yielded no record `
        + "on the stream; once a slow subscriber reads again, live items must reach it");
      return;
    }
    t.ensure(received + droppedRecords === expectedRecords, received + droppedRecords < expectedRecords
      ? `${expectedRecords - received - droppedRecords} request records were neither delivered nor reported in a Gap (received ${received}, `
        + `Gaps count ${droppedRecords} dropped, ${expectedRecords} made): a silent hole`
      : `the Gaps count ${droppedRecords} dropped records, but only ${expectedRecords - received} of the ${expectedRecords} made did not arrive; `
        + "the standard requires dropped_records to be the records lost");
    t.ensure(reader.recordsOf(fence.trace.traceId).length === 1, `${fences.length} calls after the subscriber read again, 500 ms apart, yielded no record on the stream; `
      + "once a slow subscriber reads again, live items must reach it");
  });

