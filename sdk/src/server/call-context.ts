import type { Metadata } from "@grpc/grpc-js";
import type { Principal } from "../auth/principal.js";

/** W3C trace context taken from the call's `traceparent` metadata. */
export interface TraceContext {
  /** 16 bytes. */
  traceId: Buffer;
  /** The caller's span id, 8 bytes. */
  parentSpanId: Buffer;
}

/** What a handler knows about the call besides its request message. */
export interface CallContext {
  /** Who is calling. Undefined only for the unauthenticated Identity RPCs. */
  readonly principal: Principal;
  /** The application named by `strata-application-id` metadata, if any. */
  readonly applicationId: string | undefined;
  /** The call's trace context, if it carried a valid `traceparent`. */
  readonly trace: TraceContext | undefined;
  /** The full method path, for example "/strata.<layer>.v1.<Service>/<Method>". */
  readonly method: string;
  /** The raw request metadata. */
  readonly metadata: Metadata;
  /** Aborted when the caller cancels or the deadline passes. */
  readonly signal: AbortSignal;
}

/** Parses a W3C traceparent header ("00-<32 hex>-<16 hex>-<2 hex>"). */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const match = value?.trim().match(/^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/);
  if (!match || match[1] === "ff" || /^0+$/.test(match[2]!) || /^0+$/.test(match[3]!)) return undefined;
  return { traceId: Buffer.from(match[2]!, "hex"), parentSpanId: Buffer.from(match[3]!, "hex") };
}
