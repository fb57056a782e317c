import { core, hub, rpc, telemetry } from "@strata/sdk/contracts";
import { collectStream } from "../helpers/collect-stream.js";
import { pause } from "../helpers/pause.js";
import { newTrace } from "../helpers/trace-context.js";
import { check } from "./hub-checks.js";
import { retainedRecords } from "@strata/sdk/testing";
import { hex, ofTrace } from "./hub-records.js";
import { hubOf, type HUB_SERVICES } from "./hub-services.js";
import { drivenTransactions, hubLimits } from "./hub-traffic.js";
import type { InTraceOptions } from "./in-trace.js";
import { RELAY_WAIT_MS } from "./relay-wait.js";

const Reason = hub.IncompleteReason;
const reasonNames = (reasons: readonly hub.IncompleteReason[]) => [...reasons].sort((a, b) => a - b).map(hub.incompleteReasonToJSON);
/** A call the suite makes behind the hub carries the suite's span as parent: its one hop is an orphan, and no hop is a root. */
const ORPHAN_REASONS = reasonNames([Reason.INCOMPLETE_REASON_MISSING_ROOT, Reason.INCOMPLETE_REASON_MISSING_PARENT]);

check("A traced call behind the hub is judged, no sooner than the settle window after its record, as one incomplete transaction: no root, its hop an orphan as recorded, its latency and layer share the hop's [hub] [stitching]",
  { covers: ["HUB-STITCH-1", "HUB-STITCH-2", "HUB-STITCH-3", "HUB-STITCH-4"] }, async (t) => {
    const { settleNs } = await hubLimits(t);
    const { resource, calls, transactions, applicationId } = await drivenTransactions(t, "hub-judged", 2);
    const records = await retainedRecords(t.operator, resource.id);
    const tolerance = BigInt(t.config.clockToleranceMs) * 1_000_000n;
    for (const call of calls) {
      const tx = transactions.get(call.trace.traceId)!;
      const [record] = ofTrace(records, call.trace.traceId);
      if (!record) return t.fail(`the hub's log holds no record of ${call.what}, whose transaction it judged`);
      const what = `the transaction of ${call.what} (trace ${call.trace.traceId})`;
      t.equal([tx.complete, reasonNames(tx.incompleteReasons)], [false, ORPHAN_REASONS],
        `${what}: its one hop's parent span is the suite's, no hop of the transaction, so the hub must judge it incomplete with exactly these reasons`);
      t.equal(tx.hops.map((h) => [h.spanId, h.parentSpanId, h.layer, h.orphan, h.startTimeUnixNano, h.durationNs, h.selfNs, h.resourceId, h.operation]),
        [[hex(record.spanId), hex(record.parentSpanId), record.layer, true, record.startTimeUnixNano, record.durationNs, record.durationNs, record.resourceId, record.operation]],
        `${what}: its hops must be its records, the one orphan hop with its whole duration as self time`);
      t.equal([tx.tenantId, tx.applicationId, tx.rootLayer], [record.tenantId, applicationId, record.layer], `${what}: it is attributed to its orphan hop`);
      t.equal([tx.startTimeUnixNano, tx.durationNs], [record.startTimeUnixNano, record.durationNs],
        `${what}: without a root, its latency runs from the earliest hop start to the latest hop end`);
      t.equal(tx.layerShares.map((s) => [s.layer, s.selfNs, s.hops]), [[record.layer, record.durationNs, 1]], `${what}: a layer's share is the self time of its hops`);
      t.equal(tx.criticalPath, [], `${what}: without a root the critical path is empty`);
      const settled = record.startTimeUnixNano + record.durationNs + settleNs - tolerance;
      t.ensure(tx.judgedTimeUnixNano >= settled, `${what} was judged at ${tx.judgedTimeUnixNano}, before its record's end (${record.startTimeUnixNano + record.durationNs}) `
        + `plus the settle window of ${settleNs} ns; a hub judges a transaction once no record of it arrived for the settle window`);
    }
  });

/** The latest `strata.hub.transaction.count` of an application with `completeness`, summed over its layers, from the hub's stream (MODE_ONCE). */
async function derivedCount(t: Parameters<Parameters<typeof check>[2]>[0], tenantId: string, applicationId: string, completeness: string): Promise<number> {
  const stream = t.tenantA.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
    mode: telemetry.Mode.MODE_ONCE, selector: { applicationIds: [applicationId], metrics: ["strata.hub.transaction.count"] },
  }));
  const messages = await collectStream<telemetry.SubscribeResponse>(stream, { signal: t.signal, timeoutMs: t.config.timeoutMs / 2 });
  const latest = new Map<string, number>();
  for (const sample of messages.flatMap((m) => m.batch?.samples ?? [])) {
    if (sample.tenantId !== tenantId || sample.attributes.completeness !== completeness) continue;
    latest.set(sample.attributes.layer ?? "", Number(sample.counter?.value ?? sample.gauge?.value ?? 0));
  }
  return [...latest.values()].reduce((a, b) => a + b, 0);
}

check("GetLatencyBreakdown counts an application's incomplete transactions, by reason, and keeps them out of every latency histogram; the derived count samples say the same [hub] [breakdown]",
  { covers: ["HUB-STITCH-5", "HUB-STREAM-2"] }, async (t) => {
    const { breakdownIntervalNs } = await hubLimits(t);
    const { calls, applicationId, resource } = await drivenTransactions(t, "hub-breakdown", 3);
    const tenantId = resource.tenantId;
    const n = calls.length;
    const breakdown = await t.expectCode(hubOf(t.tenantA).getLatencyBreakdown({ application: { tenantId: "", applicationId }, windowNs: 0n }),
      rpc.Code.OK, `GetLatencyBreakdown of ${applicationId} by tenant A`);
    t.equal([Number(breakdown.completeTransactions), Number(breakdown.incompleteTransactions)], [0, n],
      `GetLatencyBreakdown of ${applicationId}: [complete, incomplete] after ${n} traced calls whose transactions have no root`);
    t.equal(breakdown.incompleteByReason.map((c) => [hub.incompleteReasonToJSON(c.reason), Number(c.count)]),
      ORPHAN_REASONS.map((r) => [r, n]), `GetLatencyBreakdown of ${applicationId}: incomplete transactions by reason`);
    t.equal(Number(breakdown.endToEnd?.count ?? 0), 0, `GetLatencyBreakdown of ${applicationId}: the end-to-end histogram must hold no incomplete transaction`);
    const layerCounts = breakdown.layers.filter((l) => Number(l.latency?.count ?? 0) > 0).map((l) => core.layerToJSON(l.layer));
    t.equal(layerCounts, [], `GetLatencyBreakdown of ${applicationId}: no layer histogram may hold an incomplete transaction's share`);
    // The derived samples are published at the end of the breakdown interval the transactions were judged in.
    const deadline = Date.now() + Number(breakdownIntervalNs / 1_000_000n) * 3 + 2000;
    let counted = 0;
    while ((counted = await derivedCount(t, tenantId, applicationId, "incomplete")) < n && Date.now() < deadline) await pause(100, t.signal);
    t.equal(counted, n, `the hub's strata.hub.transaction.count samples of ${applicationId} with completeness "incomplete", summed over layers`);
    t.equal(await derivedCount(t, tenantId, applicationId, "complete"), 0, `the hub's strata.hub.transaction.count samples of ${applicationId} with completeness "complete"`);
  });

/** What judging decided of a transaction: its verdict, latency, shares and critical path, and when. */
const verdictOf = (tx: hub.Transaction) => ({
  complete: tx.complete, incompleteReasons: reasonNames(tx.incompleteReasons), startTimeUnixNano: tx.startTimeUnixNano, durationNs: tx.durationNs,
  rootLayer: tx.rootLayer, layerShares: tx.layerShares, criticalPath: tx.criticalPath, judgedTimeUnixNano: tx.judgedTimeUnixNano,
  hops: tx.hops.filter((h) => !h.late),
});

check("A record that arrives after its transaction was judged joins it as a late hop, opens no other transaction, and changes neither its verdict nor what was counted for it [hub] [stitching] [late]",
  { covers: ["HUB-STITCH-6"] }, async (t) => {
    const { settleNs } = await hubLimits(t);
    const { resource, calls, transactions, applicationId } = await drivenTransactions(t, "hub-late", 1);
    const first = calls[0]!;
    const traceId = first.trace.traceId;
    const judged = transactions.get(traceId)!;
    const application = { tenantId: "", applicationId };
    const counted = async (when: string) => {
      const b = await t.expectCode(hubOf(t.tenantA).getLatencyBreakdown({ application, windowNs: 0n }), rpc.Code.OK, `GetLatencyBreakdown of ${applicationId} ${when}`);
      return { complete: Number(b.completeTransactions), incomplete: Number(b.incompleteTransactions), byReason: b.incompleteByReason.map((c) => [c.reason, Number(c.count)]) };
    };
    const before = await counted("before the late record");
    // A second call in the judged trace, its parent a span of the suite's: its record reaches the hub after the judgement.
    const span = newTrace().spanId;
    const options: InTraceOptions<typeof HUB_SERVICES> = { label: "a late call", index: 1, applicationId, inTrace: { traceId, spanId: span, traceparent: `00-${traceId}-${span}-01` } };
    const late = await t.module.driver.call(t, resource, options);
    const deadline = Date.now() + RELAY_WAIT_MS;
    let records = ofTrace(await retainedRecords(t.operator, resource.id), traceId);
    while (records.length < 2 && Date.now() < deadline && !t.signal.aborted) {
      await pause(100, t.signal);
      records = ofTrace(await retainedRecords(t.operator, resource.id), traceId);
    }
    const lateRecord = records.find((r) => hex(r.parentSpanId) === span);
    if (!lateRecord) return t.fail(`the hub's log holds no record of ${late.what} in trace ${traceId} within ${RELAY_WAIT_MS} ms of the call`);
    // Two settle windows: a hub that wrongly opened a transaction for the late record has judged it by then.
    await pause(Number(settleNs / 1_000_000n) * 2 + 100, t.signal);
    const { transaction: now } = await t.expectCode(hubOf(t.tenantA).getTransaction({ traceId }), rpc.Code.OK, `GetTransaction of trace ${traceId} after ${late.what}`);
    const what = `the transaction of ${first.what} (trace ${traceId}), judged before ${late.what} in its trace`;
    t.equal([now!.lateRecords, now!.hops.filter((h) => h.late).map((h) => h.spanId)], [1, [hex(lateRecord.spanId)]],
      `${what}: [late_records, the span ids of its late hops]; a record of a judged transaction must join its judged transaction as a late hop`);
    t.equal(verdictOf(now!), verdictOf(judged), `${what}: a late record must change nothing judging decided (verdict, latency, shares, critical path, judged time, hops)`);
    const listed = await t.expectCode(hubOf(t.tenantA).listTransactions(hub.ListTransactionsRequest.fromPartial({ application: { applicationId } })), rpc.Code.OK,
      `ListTransactions of ${applicationId}`);
    t.equal(listed.transactions.filter((x) => x.traceId === traceId).length, 1, `ListTransactions of ${applicationId}: transactions of trace ${traceId}; a late record must not open another`);
    t.equal(await counted("after the late record"), before, `GetLatencyBreakdown of ${applicationId}: [complete, incomplete, by reason] must not change for a late record`);
  });
