import { randomBytes } from "node:crypto";

/** A W3C trace context to send with one call, and the trace id its records must carry. */
export interface TraceContext {
  /** The `traceparent` metadata value: "00-<trace id>-<span id>-01". */
  traceparent: string;
  /** 32 lower-case hex digits. */
  traceId: string;
  /** The caller's span: 16 lower-case hex digits (a layer records it as parent_span_id). */
  spanId: string;
}

/**
 * A fresh, valid W3C traceparent (random non-zero ids, sampled).
 *
 * @example
 * const trace = newTrace();
 * await t.tenantA.block.write(request, { metadata: { traceparent: trace.traceparent } });
 * // every record of that call must carry trace_id = trace.traceId
 */
export function newTrace(): TraceContext {
  const traceId = nonZeroHex(16);
  const spanId = nonZeroHex(8);
  return { traceparent: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

function nonZeroHex(bytes: number): string {
  for (;;) {
    const value = randomBytes(bytes).toString("hex");
    if (!/^0+$/.test(value)) return value;
  }
}
