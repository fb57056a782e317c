import type { Metadata } from "@grpc/grpc-js";
import type { Principal } from "../auth/principal.js";
import type { DataPathRecord } from "../telemetry/data-path-record.js";
import type { CallSpan, TraceContext } from "./call-span.js";
import type { PageTokens } from "./page-tokens.js";

/** What a handler knows about the call besides its request message. */
export interface CallContext {
  /** Who is calling (a placeholder "anonymous" principal on the public Identity RPCs). */
  readonly principal: Principal;
  /** The application named by a valid `strata-application-id` metadata value, if any. */
  readonly applicationId: string | undefined;
  /** The call's incoming trace context, if it carried a valid `traceparent`. */
  readonly trace: TraceContext | undefined;
  /** This layer's span for the call; pass the context to a client call to propagate it (CallExtras.context). */
  readonly span: CallSpan;
  /** The full method path, "/<package>.<Service>/<Method>". */
  readonly method: string;
  /** The raw request metadata. */
  readonly metadata: Metadata;
  /** Aborted when the caller cancels or the deadline passes. */
  readonly signal: AbortSignal;
  /** On a data-path RPC (see dataPathInterceptor), the record the call will yield; the layer fills in what it resolves. */
  readonly dataPath: DataPathRecord | undefined;
  /** The endpoint's page token signer: give the context to paginate(). */
  readonly pageTokens: PageTokens;
}
