import { randomFillSync } from "node:crypto";

/** W3C trace context taken from the call's `traceparent` metadata. */
export interface TraceContext {
  /** 16 bytes. */
  traceId: Buffer;
  /** The caller's span id, 8 bytes. */
  parentSpanId: Buffer;
  /** The trace flags, two hex digits ("01": sampled). */
  flags: string;
}

/** Parses a W3C traceparent header ("00-<32 hex>-<16 hex>-<2 hex>"). */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const match = value?.trim().match(/^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/);
  if (!match || match[1] === "ff" || /^0+$/.test(match[2]!) || /^0+$/.test(match[3]!)) return undefined;
  return { traceId: Buffer.from(match[2]!, "hex"), parentSpanId: Buffer.from(match[3]!, "hex"), flags: match[4]! };
}

// Random ids drawn from a refilled pool: one native call per 512 span ids.
const pool = Buffer.allocUnsafe(4096);
let used = pool.length;

function randomId(bytes: 8 | 16): Buffer {
  for (;;) {
    if (used + bytes > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    const id = Buffer.from(pool.subarray(used, (used += bytes)));
    if (id.some((b) => b !== 0)) return id; // W3C: an all-zero id is invalid
  }
}

/**
 * The layer's own span for one call (docs/telemetry.md, Traces): a new span
 * id, the caller's span as parent, and the caller's trace, or one this layer
 * starts when, without an incoming `traceparent`, the handler calls another
 * layer. A request served alone without one stays untraced.
 */
export class CallSpan {
  private id: Buffer | undefined;
  private startedTraceId: Buffer | undefined;

  constructor(private readonly incoming: TraceContext | undefined) {}

  /** The trace the call belongs to: the caller's, one this layer started, or none. */
  get traceId(): Buffer | undefined {
    return this.incoming?.traceId ?? this.startedTraceId;
  }

  /** The caller's span id, when the call carried a `traceparent`. */
  get parentSpanId(): Buffer | undefined {
    return this.incoming?.parentSpanId;
  }

  /** This layer's span id for the call: made on first use, never the caller's. */
  get spanId(): Buffer {
    return (this.id ??= randomId(8));
  }

  /**
   * The `traceparent` to send to a layer called for this request: this
   * call's trace and this layer's span as parent. Starts a trace when the
   * call carried none; this layer's span is then its root.
   */
  traceparent(): string {
    const traceId = this.traceId ?? (this.startedTraceId = randomId(16));
    return `00-${traceId.toString("hex")}-${this.spanId.toString("hex")}-${this.incoming?.flags ?? "01"}`;
  }
}
