import type { Layer } from "../gen/strata/core/v1/layer.js";
import type { Code } from "../gen/google/rpc/code.js";
import type { RequestRecord } from "../gen/strata/telemetry/v1/records.js";

/** One unit of data-path work, as a layer hands it to TelemetryRecorder.record(). */
export interface RequestInput {
  layer: Layer;
  /** As the layer's catalogue names it (for example "read", "write"). */
  operation: string;
  resourceId: string;
  tenantId: string;
  applicationId: string;
  /** When serving started, UNIX epoch ns. */
  startTimeUnixNano: bigint | number;
  /** Measured serving time, ns. */
  durationNs: number;
  payloadBytes: number;
  /** The gRPC code of the answer (0 = OK). */
  statusCode: number;
  /** W3C trace id (16 bytes) of the call, if it carried one. */
  traceId?: Buffer | undefined;
  /** The span id (8 bytes) the layer gave its handling. */
  spanId?: Buffer | undefined;
  /** The caller's span id (8 bytes), from the call's traceparent. */
  parentSpanId?: Buffer | undefined;
  /** Catalogue-defined extras (for example a zone the resource lives in). */
  attributes?: Readonly<Record<string, string>> | undefined;
  /** What the layer measured of the unit of work, by the names its catalogue defines (RequestRecord.measurements). */
  measurements?: Readonly<Record<string, number>> | undefined;
}

const NO_BYTES = Buffer.alloc(0);

/** The generated message for a logged request. */
export function toRequestRecord(input: RequestInput, sequence: number): RequestRecord {
  return {
    sequence: BigInt(sequence),
    startTimeUnixNano: typeof input.startTimeUnixNano === "bigint" ? input.startTimeUnixNano : toUint64(input.startTimeUnixNano),
    durationNs: toUint64(input.durationNs),
    layer: input.layer,
    operation: input.operation,
    resourceId: input.resourceId,
    tenantId: input.tenantId,
    applicationId: input.applicationId,
    payloadBytes: toUint64(input.payloadBytes),
    statusCode: input.statusCode as Code,
    traceId: input.traceId ?? NO_BYTES,
    spanId: input.traceId !== undefined && input.traceId.length > 0 && input.spanId !== undefined ? input.spanId : NO_BYTES,
    attributes: { ...input.attributes },
    parentSpanId: input.traceId !== undefined && input.traceId.length > 0 && input.parentSpanId !== undefined ? input.parentSpanId : NO_BYTES,
    measurements: measurementsOf(input.measurements),
  };
}

function measurementsOf(measured: Readonly<Record<string, number>> | undefined): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  if (measured) for (const key of Object.keys(measured)) out[key] = toUint64(measured[key]!);
  return out;
}

/** A non-negative whole number as uint64; NaN and negatives become 0. */
export function toUint64(value: number): bigint {
  return value > 0 ? BigInt(Math.round(Math.min(value, Number.MAX_SAFE_INTEGER * 2048))) : 0n;
}
