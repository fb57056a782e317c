import type { Metadata, ServerUnaryCall, ServerWritableStream } from "@grpc/grpc-js";
import type { Limits } from "../gen/strata/core/v1/identity.js";
import type { TelemetryRecorder } from "../telemetry/telemetry-recorder.js";
import type { CallContext } from "./call-context.js";

/** One call as it travels the server's pipeline. */
export interface ServerCall {
  /** The full method path, "/<package>.<Service>/<Method>". */
  readonly method: string;
  /** The decoded request; one that failed to decode is refused by the kit's request check, the last step before the handler. */
  readonly request: unknown;
  readonly metadata: Metadata;
  /** When the call arrived, UNIX epoch ns, on the clock of the server's telemetry (the one its records use). */
  readonly receivedAtUnixNano: bigint;
  /** The server's telemetry engine. */
  readonly telemetry: TelemetryRecorder;
  /** The endpoint's Limits, as GetCapabilities declares them. */
  readonly limits: Limits;
  /** The handler's context: set by authentication, the pipeline's second step, so every layer interceptor sees it. */
  readonly context: CallContext;
  /** The grpc-js call underneath (a stream handler writes to it). */
  readonly grpc: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>;
}

/** Serves a call: resolves with the unary response (or when a stream is done), rejects with the call's error. */
export type CallHandler = (call: ServerCall) => Promise<unknown>;

/**
 * A step of the server's pipeline, in the manner of connect-es: it receives
 * the next step and returns a handler that may act before and after it.
 * The kit's pipeline is: map errors → authenticate → the server's and the
 * service's interceptors → check strata-application-id → check the request →
 * the vendor's handler. A layer adds a step by giving an interceptor, never
 * by forking the pipeline.
 *
 * @example
 * const logCalls: Interceptor = (next) => async (call) => {
 *   try { return await next(call); } finally { console.log(call.method, call.context.principal.tenantId); }
 * };
 */
export type Interceptor = (next: CallHandler) => CallHandler;

/** Chains interceptors around a handler, the first outermost. */
export function composeInterceptors(interceptors: readonly Interceptor[], handler: CallHandler): CallHandler {
  return interceptors.reduceRight<CallHandler>((next, interceptor) => interceptor(next), handler);
}
