import { status } from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { StrataError } from "../errors/strata-error.js";
import type { Layer } from "../gen/strata/core/v1/layer.js";
import type { RequestInput } from "./request-input.js";

/** What TelemetryRecorder.time() records besides the timing and the status it measures. */
export interface TimedRequest<T> {
  /** Default: the recorder's layer. */
  layer?: Layer;
  operation: string;
  resourceId: string;
  tenantId: string;
  applicationId: string;
  traceId?: Buffer;
  /** Default: a fresh span id when traceId is set. */
  spanId?: Buffer;
  attributes?: Readonly<Record<string, string>>;
  /** Payload bytes moved: a number, or read from the result. 0 when the work fails. */
  payloadBytes?: number | ((result: T) => number);
  /** Also count the work in flight on (tenantId, applicationId, resourceId), for queue depth. Default false. */
  trackInFlight?: boolean;
}

/**
 * Times work with the monotonic clock and records exactly one request for it,
 * whether it resolves or throws: the status is a StrataError's code, or
 * INTERNAL for anything else (which the kit also answers INTERNAL).
 */
export async function timeRequest<T>(
  recorder: {
    record(input: RequestInput): void;
    trackInFlight(tenantId: string, applicationId: string, resourceId: string): () => void;
    now(): bigint;
    layer: Layer;
  },
  request: TimedRequest<T>,
  work: () => Promise<T>,
): Promise<T> {
  const done = request.trackInFlight ? recorder.trackInFlight(request.tenantId, request.applicationId, request.resourceId) : undefined;
  const startTimeUnixNano = recorder.now();
  const started = process.hrtime.bigint();
  let statusCode: number = status.OK;
  let payloadBytes = 0;
  try {
    const result = await work();
    const bytes = request.payloadBytes;
    payloadBytes = typeof bytes === "function" ? bytes(result) : bytes ?? 0;
    return result;
  } catch (error) {
    statusCode = error instanceof StrataError ? error.code : status.INTERNAL;
    throw error;
  } finally {
    done?.();
    recorder.record({
      layer: request.layer ?? recorder.layer,
      operation: request.operation,
      resourceId: request.resourceId,
      tenantId: request.tenantId,
      applicationId: request.applicationId,
      startTimeUnixNano,
      durationNs: Number(process.hrtime.bigint() - started),
      payloadBytes,
      statusCode,
      traceId: request.traceId,
      spanId: request.traceId ? request.spanId ?? randomBytes(8) : undefined,
      attributes: request.attributes,
    });
  }
}
