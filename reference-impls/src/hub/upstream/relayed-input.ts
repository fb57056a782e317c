import type { RequestInput } from "@strata/sdk/server";
import type { telemetry } from "@strata/sdk/contracts";

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** A received request record as the telemetry engine relays it: every field as the endpoint sent it, but its sequence. */
export function relayedInput(record: telemetry.RequestRecord): RequestInput {
  const measurements: Record<string, number> = {};
  for (const [name, value] of Object.entries(record.measurements)) measurements[name] = Number(value);
  return {
    layer: record.layer,
    operation: record.operation,
    resourceId: record.resourceId,
    tenantId: record.tenantId,
    applicationId: record.applicationId,
    startTimeUnixNano: record.startTimeUnixNano,
    durationNs: Number(record.durationNs),
    payloadBytes: Number(record.payloadBytes),
    statusCode: record.statusCode,
    traceId: asBuffer(record.traceId),
    spanId: asBuffer(record.spanId),
    parentSpanId: asBuffer(record.parentSpanId),
    attributes: record.attributes,
    measurements,
  };
}
