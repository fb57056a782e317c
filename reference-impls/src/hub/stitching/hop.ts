import type { core, telemetry } from "@strata/sdk/contracts";

/**
 * One request record as stitching keeps it: the trace, span and parent as
 * hex keys, the rest as the record gave it. Made once per traced record, so
 * that the raw record (and its attribute maps) can be dropped.
 */
export interface Hop {
  /** The trace id, 32 lower-case hex digits. */
  readonly traceKey: string;
  /** The span id, 16 lower-case hex digits. */
  readonly spanKey: string;
  /** The parent span id, 16 lower-case hex digits; "" for a root. */
  readonly parentKey: string;
  readonly layer: core.Layer;
  readonly operation: string;
  readonly resourceId: string;
  readonly tenantId: string;
  readonly applicationId: string;
  /** UNIX epoch ns, as recorded. */
  readonly startTimeUnixNano: bigint;
  readonly durationNs: number;
  readonly statusCode: number;
  /** Set when the record reached the hub after its transaction was judged. */
  late?: boolean;
}

/**
 * The hop of a record, or undefined for a record that joins no transaction
 * (no trace id, or no span id of its own).
 */
export function hopOf(record: telemetry.RequestRecord): Hop | undefined {
  if (record.traceId.length === 0 || record.spanId.length === 0) return undefined;
  return {
    traceKey: hex(record.traceId),
    spanKey: hex(record.spanId),
    parentKey: record.parentSpanId.length > 0 ? hex(record.parentSpanId) : "",
    layer: record.layer,
    operation: record.operation,
    resourceId: record.resourceId,
    tenantId: record.tenantId,
    applicationId: record.applicationId,
    startTimeUnixNano: record.startTimeUnixNano,
    durationNs: Number(record.durationNs),
    statusCode: record.statusCode,
  };
}

/** Bytes as lower-case hex. */
export function hex(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("hex");
}
