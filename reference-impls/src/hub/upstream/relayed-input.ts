import type { RequestInput } from "@strata/sdk/server";
import type { telemetry } from "@strata/sdk/contracts";
import type { Names } from "../stitching/hop.js";

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * A received request record as the telemetry engine relays it: every field as
 * the endpoint sent it, but its sequence. With `names`, the log keeps one
 * string per distinct operation, resource, tenant and application.
 */
export function relayedInput(record: telemetry.RequestRecord, names?: Names): RequestInput {
  return {
    layer: record.layer,
    operation: names ? names.of(record.operation) : record.operation,
    resourceId: names ? names.of(record.resourceId) : record.resourceId,
    tenantId: names ? names.of(record.tenantId) : record.tenantId,
    applicationId: names ? names.of(record.applicationId) : record.applicationId,
    startTimeUnixNano: record.startTimeUnixNano,
    durationNs: Number(record.durationNs),
    payloadBytes: Number(record.payloadBytes),
    statusCode: record.statusCode,
    traceId: asBuffer(record.traceId),
    spanId: asBuffer(record.spanId),
    parentSpanId: asBuffer(record.parentSpanId),
    attributes: record.attributes,
    measurements: measurementsOf(record.measurements),
  };
}

const NO_MEASUREMENTS: Readonly<Record<string, number>> = Object.freeze({});

/** The measurements as numbers; one shared empty object for the many records without any (the log keeps it for every record). */
function measurementsOf(measured: Readonly<Record<string, bigint>>): Readonly<Record<string, number>> {
  let measurements: Record<string, number> | undefined;
  for (const name in measured) (measurements ??= {})[name] = Number(measured[name]);
  return measurements ?? NO_MEASUREMENTS;
}
