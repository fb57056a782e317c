import { core, type telemetry } from "@strata/sdk/contracts";
import type { CheckContext } from "../runner/check-context.js";
import type { DrivenCall } from "../registry/traffic-driver.js";
import { codeName, describeError } from "./describe-error.js";
import { streamViolation, type StreamExpectations } from "./subscribe-semantics.js";
import { hex, type TelemetryReader } from "./telemetry-reader.js";

/** How long a SyncMarker may take on a fresh stream at least, ms; the call timeout (--timeout) when longer. */
export const SYNC_WAIT_MS = 3000;

/**
 * Waits for the stream's first SyncMarker (the call timeout, at least SYNC_WAIT_MS, or longer where the endpoint has
 * more to do first), failing with what the stream did instead. A busy host delays an initial state as it delays an answer.
 */
export async function waitSynced(t: CheckContext, reader: TelemetryReader, who: string, waitMs = Math.max(SYNC_WAIT_MS, t.config.timeoutMs)): Promise<void> {
  if (await reader.waitFor(() => reader.synced, waitMs, t.signal)) return;
  failStream(t, reader, who);
  t.fail(`Subscribe as ${who} sent no SyncMarker within ${waitMs} ms (${reader.messages.length} messages); `
    + "the standard requires the initial state, then a SyncMarker");
}

/** Fails when the stream failed, or broke the stream semantics. */
export function failStream(t: CheckContext, reader: TelemetryReader, who: string, expect: StreamExpectations = { kind: "fresh" }): void {
  const broken = streamViolation(reader.messages, expect);
  if (broken) t.fail(`Subscribe as ${who}: ${broken}`);
  if (reader.error) t.fail(`Subscribe as ${who} failed: ${describeError(reader.error)}`);
}

/** What every record of a call must say, besides what DrivenCall holds. */
export interface RecordExpectations {
  tenantId: string;
  /** The layer under test. */
  layer: core.Layer;
  /** What the layer calls the resource ("volume"), for messages. */
  resourceKind: string;
  /** Attributes a record may carry, with the values they must then have. */
  attributes: Readonly<Record<string, string>>;
}

/**
 * The first field of a request record that contradicts the call that caused
 * it (docs/telemetry.md, Request records), or undefined.
 */
export function recordProblem(record: telemetry.RequestRecord, call: DrivenCall, expected: RecordExpectations): string | undefined {
  const at = `${call.what}: the record (sequence ${record.sequence})`;
  if (record.tenantId === "") return `${at} has no tenant_id; the standard requires the tenant of the caller, "${expected.tenantId}"`;
  if (record.tenantId !== expected.tenantId) return `${at} carries tenant_id "${record.tenantId}"; the standard requires the tenant of the caller, "${expected.tenantId}"`;
  if (record.applicationId === "") return `${at} has no application_id; the standard requires the call's strata-application-id, "${call.applicationId}"`;
  if (record.applicationId !== call.applicationId) {
    return `${at} carries application_id "${record.applicationId}"; the standard requires the call's strata-application-id, "${call.applicationId}"`;
  }
  if (record.layer !== expected.layer) {
    return `${at} carries layer ${core.layerToJSON(record.layer)}; the standard requires ${core.layerToJSON(expected.layer)}`;
  }
  if (record.resourceId !== call.resourceId) {
    return `${at} carries resource_id "${record.resourceId}"; the standard requires the ${expected.resourceKind} id "${call.resourceId}"`;
  }
  if (record.operation !== call.operation) return `${at} carries operation "${record.operation}"; the standard requires "${call.operation}"`;
  if (record.statusCode !== call.code) {
    return `${at} carries status_code ${codeName(record.statusCode)}; the call was answered ${codeName(call.code)}, which the record must carry`;
  }
  if (record.payloadBytes !== BigInt(call.payloadBytes)) {
    return `${at} carries payload_bytes ${record.payloadBytes}; the call moved ${call.payloadBytes} bytes`;
  }
  if (hex(record.traceId) !== call.trace.traceId) {
    return call.trace.traceId === ""
      ? `${at} carries trace_id "${hex(record.traceId)}" though the call sent no traceparent; the standard requires it empty`
      : `${at} carries trace_id "${hex(record.traceId)}"; the standard requires the trace id of the call's traceparent, "${call.trace.traceId}"`;
  }
  if (call.trace.traceId === "" && record.spanId.length > 0) {
    return `${at} carries span_id "${hex(record.spanId)}" without a trace_id; the standard requires span_id empty when trace_id is`;
  }
  if (call.trace.traceId !== "" && (record.spanId.length !== 8 || /^0+$/.test(hex(record.spanId)))) {
    return `${at} carries span_id "${hex(record.spanId)}"; with a trace_id the standard requires the 8-byte span id the layer gave its handling`;
  }
  if (call.trace.traceId !== "" && hex(record.spanId) === call.trace.spanId) {
    return `${at} carries span_id "${hex(record.spanId)}", the caller's own span from its traceparent; `
      + "the standard requires a new span id for the layer's handling, with the caller's span as parent_span_id";
  }
  if (hex(record.parentSpanId) !== call.trace.spanId) {
    return call.trace.traceId === ""
      ? `${at} carries parent_span_id "${hex(record.parentSpanId)}" though the call sent no traceparent; the standard requires it empty`
      : `${at} carries parent_span_id "${hex(record.parentSpanId)}"; the standard requires the span id of the call's traceparent, "${call.trace.spanId}"`;
  }
  if (record.startTimeUnixNano === 0n) return `${at} has no start_time_unix_nano; the standard requires when the layer received the request`;
  for (const [name, value] of Object.entries(call.measurements ?? {})) {
    const got = record.measurements[name];
    if (got === undefined) return `${at} has no measurement ${name}; the answer said ${value}, which the standard requires the record to carry`;
    if (got !== BigInt(value)) return `${at} carries measurement ${name} ${got}; the answer said ${value}, and the record must say the same`;
  }
  for (const [key, want] of Object.entries(expected.attributes)) {
    const got = record.attributes[key];
    if (got !== undefined && got !== want) return `${at} carries attribute ${key} "${got}"; the ${expected.resourceKind} has ${key} "${want}"`;
  }
  return undefined;
}
