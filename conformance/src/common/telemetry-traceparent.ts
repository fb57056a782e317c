import { telemetry } from "@strata/sdk/contracts";
import { newTrace } from "../helpers/trace-context.js";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { hex, subscribeAs } from "../helpers/telemetry-reader.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { DrivenCall } from "../registry/traffic-driver.js";

/** How long the records of calls already answered may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;

/** A traceparent the standard calls malformed (W3C Trace Context, version 00), what is wrong with it, and the ids it spells. */
interface Malformed {
  what: string;
  value: string;
  traceId: string;
  spanId: string;
}

/** One of each way a traceparent is malformed, over fresh ids that hold a letter (so that upper case differs). */
function malformedTraceparents(): Malformed[] {
  const { traceId: fresh, spanId: freshSpan } = newTrace();
  const traceId = `a${fresh.slice(1)}`;
  const spanId = `b${freshSpan.slice(1)}`;
  const zeros = (n: number) => "0".repeat(n);
  return [
    { what: "in upper-case hex", value: `00-${traceId.toUpperCase()}-${spanId.toUpperCase()}-01`, traceId, spanId },
    { what: "with an all-zero trace id", value: `00-${zeros(32)}-${spanId}-01`, traceId: zeros(32), spanId },
    { what: "with an all-zero parent id", value: `00-${traceId}-${zeros(16)}-01`, traceId, spanId: zeros(16) },
    { what: "of the forbidden version ff", value: `ff-${traceId}-${spanId}-01`, traceId, spanId },
    { what: "of version 00 with a fifth field", value: `00-${traceId}-${spanId}-01-00`, traceId, spanId },
    { what: "with a trace id one digit short", value: `00-${traceId.slice(1)}-${spanId}-01`, traceId: "", spanId },
    { what: "that is no traceparent at all", value: "not a trace", traceId: "", spanId: "" },
  ];
}

checkEachLayer("A data-path call with a malformed traceparent is served as one without: answered as usual, recorded once, in no trace the header spelled [telemetry] [traces]",
  { covers: ["TEL-TRACE-3"] }, async (t) => {
    const { driver } = t.module;
    const resource = await driver.create(t, { stem: "traceparent" });
    const reader = subscribeAs(t, t.tenantA, {
      mode: telemetry.Mode.MODE_STREAM,
      selector: { resourceIds: [resource.id], includeRecords: true, excludeSamples: true },
    }, "tenant A's Subscribe");
    await waitSynced(t, reader, "tenant A");

    const cases = malformedTraceparents();
    // Each call on an application of its own, so that its record is told from the others without a trace id.
    const applicationOf = (index: number) => `${t.config.applicationId}-tp${index}`;
    const calls: DrivenCall[] = [];
    for (const [index, { what, value }] of cases.entries()) {
      calls.push(await driver.call(t, resource, {
        index, label: `call #${index + 1} with a traceparent ${what} ("${value}")`, traceparent: value, applicationId: applicationOf(index),
      }));
    }
    // A last, well-traced call fences the stream: the records of the calls before it come before its own.
    const fence = await driver.call(t, resource, { index: cases.length, label: "the fencing call" });
    await reader.waitFor(() => reader.recordsOf(fence.trace.traceId).length > 0, RECORD_WAIT_MS, t.signal);
    failStream(t, reader, "tenant A");
    t.ensure(reader.recordsOf(fence.trace.traceId).length > 0, `${fence.what} yielded no request record within ${RECORD_WAIT_MS} ms; `
      + "the standard requires one record for every data-path request");

    for (const [index, call] of calls.entries()) {
      const { traceId, spanId } = cases[index]!;
      const records = reader.records.filter((r) => r.record.applicationId === applicationOf(index));
      t.ensure(records.length === 1, `${call.what} yielded ${records.length} request records on tenant A's stream before the fencing call's; `
        + "the standard requires exactly one per request, a malformed traceparent treated as absent");
      const { record } = records[0]!;
      const recordedTrace = hex(record.traceId);
      const recordedParent = hex(record.parentSpanId);
      t.ensure(traceId === "" || recordedTrace !== traceId, `${call.what}: the record (sequence ${record.sequence}) carries trace_id "${recordedTrace}", `
        + "the one the malformed traceparent spelled; the standard treats a malformed traceparent as absent");
      t.ensure(spanId === "" || recordedParent !== spanId, `${call.what}: the record (sequence ${record.sequence}) carries parent_span_id "${recordedParent}", `
        + "the parent id the malformed traceparent spelled; the standard treats a malformed traceparent as absent");
    }
  });
