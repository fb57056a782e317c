import { rpc, telemetry } from "@strata/sdk/contracts";
import { driveTimedCalls, operationOf, tenantOf } from "../helpers/drive-calls.js";
import { duplicates } from "../helpers/duplicates.js";
import { failStream, recordProblem, waitSynced } from "../helpers/telemetry-expect.js";
import { hex, subscribeAs, type TelemetryReader } from "../helpers/telemetry-reader.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { DrivenCall, DriveOptions } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";

/** How long the records of calls already answered may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;
/** Calls in the latency phase, sent at once. */
const LATENCY_CALLS = 12;
/** Bursts the latency check may judge before it fails: a busy host stalls an endpoint now and then, an under-reporting one always reports short. */
const LATENCY_BURSTS = 3;
/** Calls whose start times the clock check compares. */
const START_CALLS = 4;
/** Slack for the two clocks when a record says the server took longer than the caller waited, ms. */
const CLOCK_EPSILON_MS = 1;

/** A live stream of one resource's records as `who`, synced before the check drives traffic. */
async function recordStream(t: LayerCheckContext, who: "tenantA" | "operator", resourceId: string): Promise<TelemetryReader> {
  const name = who === "tenantA" ? "tenant A" : "the operator";
  const reader = subscribeAs(t, t[who], {
    mode: telemetry.Mode.MODE_STREAM,
    selector: { resourceIds: [resourceId], includeRecords: true, excludeSamples: true },
  }, `${name}'s Subscribe`);
  await waitSynced(t, reader, name);
  return reader;
}

/** Waits until every call has a record on the stream (or RECORD_WAIT_MS pass). */
async function awaitRecords(t: LayerCheckContext, reader: TelemetryReader, calls: readonly DrivenCall[]): Promise<void> {
  await reader.waitFor(() => calls.every((c) => reader.recordsOf(c.trace.traceId).length > 0), RECORD_WAIT_MS, t.signal);
}

checkEachLayer("Every data-path call, failed or not, yields exactly one request record with the caller's tenant and application [telemetry]",
  { covers: ["TEL-REC-1", "TEL-REC-2", "CORE-ATTR-2", "CORE-ATTR-3", "TEL-TRACE-1", "TEL-SUB-4"] }, async (t) => {
    const { driver } = t.module;
    const resource = await driver.create(t, { stem: "records" });
    const tenantId = tenantOf(t, resource);
    const mine = await recordStream(t, "tenantA", resource.id);
    const operator = await recordStream(t, "operator", resource.id);

    const otherApplication = `${t.config.applicationId}-records-other`;
    const calls: DrivenCall[] = [];
    const call = async (extra: Partial<DriveOptions> = {}) => {
      const index = calls.length;
      calls.push(await driver.call(t, resource, { operation: operationOf(t, index), index, label: `call #${index + 1}`, ...extra }));
    };
    for (let i = 0; i < 2 * Math.max(3, driver.operations.length); i++) await call();
    await call({ applicationId: otherApplication });
    await call({ untraced: true });
    await call({ fail: true });
    // A last call fences the stream: every record of the calls before it comes before its own.
    await call();
    await awaitRecords(t, mine, calls);
    await operator.waitFor(() => calls.every((c) => operator.recordsOf(c.trace.traceId).length > 0), 200, t.signal);

    failStream(t, mine, "tenant A");
    const expected = { tenantId, layer: t.module.layer, resourceKind: driver.resourceKind, attributes: resource.recordAttributes };
    for (const call of calls) {
      const records = mine.recordsOf(call.trace.traceId);
      if (records.length === 0) {
        const seen = operator.recordsOf(call.trace.traceId)[0]?.record;
        if (seen) {
          const problem = recordProblem(seen, call, expected);
          t.fail(`${problem ?? `${call.what}: the operator's stream shows its record, tenant A's does not`}; `
            + `a record belongs to the caller's tenant, and tenant A must receive the records of its own calls`);
        }
        const ours = new Set(calls.map((c) => c.trace.traceId));
        const unmatched = mine.records.filter((r) => !ours.has(hex(r.record.traceId)) || (hex(r.record.traceId) === "" && call.trace.traceId !== ""));
        if (call.trace.traceId !== "" && unmatched.length > 0) {
          t.fail(`${call.what}: no record on tenant A's stream carries its trace id ${call.trace.traceId}, while ${unmatched.length} record(s) of the ${driver.resourceKind} `
            + `carry another or none (first: sequence ${unmatched[0]!.record.sequence}, trace_id "${hex(unmatched[0]!.record.traceId)}"); `
            + "the standard requires every record to carry the trace id of its call's traceparent");
        }
        t.fail(`${call.what} yielded no request record within ${RECORD_WAIT_MS} ms, neither on tenant A's stream nor on the operator's; `
          + "the standard requires exactly one record for every data-path request, successful or not");
      }
      if (records.length > 1) {
        t.fail(`${call.what} yielded ${records.length} request records (sequences ${records.map((r) => r.record.sequence).join(", ")}); `
          + "the standard requires exactly one per request");
      }
      const problem = recordProblem(records[0]!.record, call, expected);
      if (problem) t.fail(problem);
      for (const key of Object.keys(resource.recordAttributes)) {
        if (records[0]!.record.attributes[key] === undefined) t.log(`${call.what}: the record has no ${key} attribute (SHOULD)`);
      }
    }
    const spans = calls.filter((c) => c.trace.traceId !== "").map((c) => hex(mine.recordsOf(c.trace.traceId)[0]!.record.spanId));
    const reused = duplicates(spans);
    t.ensure(reused.length === 0, `${reused.length} span id(s) appear on the records of two or more calls (first: "${reused[0]}"); `
      + "the standard requires a new span id for every request the layer handles");
    const ours = new Set(calls.map((c) => c.trace.traceId));
    const stray = mine.records.filter((r) => !ours.has(hex(r.record.traceId)));
    t.ensure(stray.length === 0, `tenant A's stream for ${driver.resourceKind} ${resource.id} carries ${stray.length} record(s) no call of this check caused `
      + `(sequence ${stray[0]?.record.sequence}, trace_id "${hex(stray[0]?.record.traceId ?? new Uint8Array())}", operation "${stray[0]?.record.operation}"); `
      + "the standard requires exactly one record per request, with the trace id of its traceparent");
    t.ensure(calls.some((c) => c.code !== rpc.Code.OK), "the driver made no failing call; the check needs one");
  });

checkEachLayer("Request record duration_ns agrees with the latency the caller observed, waiting included [telemetry] [latency]",
  { covers: ["TEL-REC-3"] }, async (t) => {
    const { driver } = t.module;
    const resource = await driver.create(t, { stem: "latency" });
    const slowed = driver.slowDown ? await driver.slowDown(t, resource) : undefined;
    const reader = await recordStream(t, "tenantA", resource.id);
    const { latencyToleranceMs, latencyToleranceRatio } = t.config;
    // A burst judged short may be a busy host: the endpoint's own process stalled between receiving a call's bytes and
    // handing it to its handler, which no probe of the suite can see. An endpoint that leaves waiting out of duration_ns
    // does so in every burst; so the check passes when one of LATENCY_BURSTS bursts agrees, and fails when none does.
    let verdict = "";
    for (let burst = 1; burst <= LATENCY_BURSTS; burst++) {
      // Sent at once, the calls queue behind the slowdown: each waits on the server longer than the one before,
      // far longer than the tolerance, whatever the suite's own pace between calls.
      const calls = await driveTimedCalls(t, resource, LATENCY_CALLS, { concurrent: true });
      await awaitRecords(t, reader, calls);
      failStream(t, reader, "tenant A");

      const telling = calls.filter((c) => c.observedMs - c.schedulingDelayMs > latencyToleranceMs / (1 - Math.min(latencyToleranceRatio, 0.99)));
      // A caller waits longer than the server worked: the wire between them, and the suite's own scheduling (its event loop,
      // a machine whose cores are busy), whose longest stall a probe beside the calls measures and the tolerance
      // excuses. Under-reporting shows on the calls that waited longest (the last of the queue the slowdown made);
      // the quickest of a burst also carry the suite's own work for the others. So at most a quarter of the slower
      // half may fall below the tolerance; no call may exceed what the caller observed.
      const judged = new Set([...calls].sort((a, b) => b.observedMs - a.observedMs).slice(0, Math.ceil(calls.length / 2)));
      const short: string[] = [];
      for (const call of calls) {
        const record = reader.recordsOf(call.trace.traceId)[0]?.record;
        if (!record) t.fail(`${call.what} yielded no request record within ${RECORD_WAIT_MS} ms; the standard requires one record per request`);
        const reportedMs = Number(record.durationNs) / 1e6;
        const delay = Math.min(call.schedulingDelayMs, call.observedMs);
        const allowed = latencyToleranceMs + latencyToleranceRatio * (call.observedMs - delay) + delay;
        const shown = `reported ${reportedMs.toFixed(1)} ms but observed ${call.observedMs.toFixed(1)} ms`;
        t.ensure(reportedMs <= call.observedMs + CLOCK_EPSILON_MS,
          `${call.what}: duration_ns ${shown}; the server cannot have served the request for longer than the caller waited for its answer`);
        if (judged.has(call) && reportedMs < call.observedMs - allowed) {
          short.push(`${call.what}: duration_ns ${shown} (tolerance ${allowed.toFixed(1)} ms = ${latencyToleranceMs} ms + ${latencyToleranceRatio} × observed `
            + `+ the suite's own scheduling delay of ${delay.toFixed(1)} ms beside the call)`);
        }
      }
      t.log(`burst ${burst}: ${slowed ? `slowed down by ${slowed}` : "the layer offers no standard way to slow its calls down"}; `
        + `observed ${calls.map((c) => c.observedMs.toFixed(1)).join(", ")} ms; the suite's scheduling delay ${calls.map((c) => c.schedulingDelayMs.toFixed(1)).join(", ")} ms; `
        + `${telling.length} call(s) slow enough to catch under-reporting${short.length > 0 ? `; short: ${short.join("; ")}` : ""}`);
      if (short.length <= Math.floor(judged.size / 4)) return;
      verdict = `${short.length} of ${judged.size} calls reported less than the caller observed beyond the tolerance; first: ${short[0]}; `
        + `(the slowest half of ${calls.length} calls sent at once)`;
    }
    t.fail(`in each of ${LATENCY_BURSTS} bursts, too many calls were reported short; in the last, ${verdict}; `
      + "the standard requires the measured time from receiving the request to sending the answer, waiting included");
  });

checkEachLayer("Request record start_time_unix_nano falls within the call as the suite's clock saw it, and start plus duration_ns before the answer [telemetry] [clock]",
  { covers: ["TEL-REC-2", "TEL-REC-3"] }, async (t) => {
    const { driver } = t.module;
    const resource = await driver.create(t, { stem: "start-time" });
    if (driver.slowDown) await driver.slowDown(t, resource);
    const reader = await recordStream(t, "tenantA", resource.id);
    const calls = await driveTimedCalls(t, resource, START_CALLS);
    await awaitRecords(t, reader, calls);
    failStream(t, reader, "tenant A");
    const tolerance = BigInt(Math.round(t.config.clockToleranceMs * 1e6));
    const ms = (ns: bigint) => `${(Number(ns) / 1e6).toFixed(1)} ms`;
    for (const call of calls) {
      const record = reader.recordsOf(call.trace.traceId)[0]?.record;
      if (!record) return t.fail(`${call.what} yielded no request record within ${RECORD_WAIT_MS} ms; the standard requires one record per request`);
      const start = record.startTimeUnixNano;
      const end = start + record.durationNs;
      const window = `the suite sent it at ${call.sentAtUnixNano} and had its answer at ${call.answeredAtUnixNano} (UNIX epoch ns; clock tolerance ${t.config.clockToleranceMs} ms)`;
      t.ensure(start >= call.sentAtUnixNano - tolerance, `${call.what}: start_time_unix_nano ${start} is ${ms(call.sentAtUnixNano - start)} before the call was sent; `
        + `${window}; the standard requires when the layer received the request, UNIX epoch nanoseconds`);
      t.ensure(start <= call.answeredAtUnixNano + tolerance, `${call.what}: start_time_unix_nano ${start} is ${ms(start - call.answeredAtUnixNano)} after the answer arrived; `
        + `${window}; the standard requires when the layer received the request, UNIX epoch nanoseconds`);
      t.ensure(end <= call.answeredAtUnixNano + tolerance, `${call.what}: start_time_unix_nano + duration_ns ends ${ms(end - call.answeredAtUnixNano)} after the answer arrived; `
        + `${window}; the layer sent its answer before the caller received it`);
    }
  });
