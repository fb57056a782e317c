import type { RequestInput } from "@strata/sdk/server";
import type { telemetry } from "@strata/sdk/contracts";
import { sameBytes, type Names } from "../stitching/hop.js";

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
const NO_BYTES: Buffer = Buffer.alloc(0);
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
const NO_MEASUREMENTS: Readonly<Record<string, number>> = Object.freeze({});

/** Turns each received request record into the input the telemetry engine relays. */
export type RecordRelay = (record: telemetry.RequestRecord) => RequestInput;

/**
 * A relay of received request records: every field as the endpoint sent it,
 * but its sequence. The hub's log keeps every relayed record for its
 * retention, so the relay keeps one copy of what consecutive records repeat:
 * with `names`, one string per distinct operation, resource, tenant and
 * application; the previous record's trace id when a record has the same
 * one, its span id when a record's parent span is it (a layer's child after
 * its parent), its attributes when equal; one empty id and one empty map
 * for all. Equal values, fewer objects: the log's memory and the time the
 * garbage collector spends moving it.
 *
 * @example
 * const relay = createRecordRelay(stitcher.names);
 * for (const record of batch.records) recorder.relayRecord(relay(record));
 */
export function createRecordRelay(names?: Names): RecordRelay {
  let traceId = NO_BYTES;
  let spanId = NO_BYTES;
  let attributes = NO_ATTRIBUTES;
  const name = names ? (value: string) => names.of(value) : (value: string) => value;
  return (record) => {
    if (record.traceId.length === 0) traceId = NO_BYTES;
    else if (!sameBytes(record.traceId, traceId)) traceId = asBuffer(record.traceId);
    const parentSpanId = record.parentSpanId.length === 0 ? NO_BYTES : sameBytes(record.parentSpanId, spanId) ? spanId : asBuffer(record.parentSpanId);
    spanId = record.spanId.length === 0 ? NO_BYTES : sameBytes(record.spanId, spanId) ? spanId : asBuffer(record.spanId);
    if (!sameAttributes(record.attributes, attributes)) attributes = isEmpty(record.attributes) ? NO_ATTRIBUTES : record.attributes;
    return {
      layer: record.layer,
      operation: name(record.operation),
      resourceId: name(record.resourceId),
      tenantId: name(record.tenantId),
      applicationId: name(record.applicationId),
      startTimeUnixNano: record.startTimeUnixNano,
      durationNs: Number(record.durationNs),
      payloadBytes: Number(record.payloadBytes),
      statusCode: record.statusCode,
      traceId,
      spanId,
      parentSpanId,
      attributes,
      measurements: measurementsOf(record.measurements),
    };
  };
}

/** True when two attribute maps hold the same names and values. */
function sameAttributes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  let count = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || b[key] !== a[key]) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}

function isEmpty(map: Readonly<Record<string, unknown>>): boolean {
  for (const _ in map) return false;
  return true;
}

/** The measurements as numbers; one shared empty object for the many records without any (the log keeps it for every record). */
function measurementsOf(measured: Readonly<Record<string, bigint>>): Readonly<Record<string, number>> {
  let measurements: Record<string, number> | undefined;
  for (const name in measured) (measurements ??= {})[name] = Number(measured[name]);
  return measurements ?? NO_MEASUREMENTS;
}
