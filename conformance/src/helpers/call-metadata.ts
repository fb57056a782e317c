import { newTrace, type TraceContext } from "./trace-context.js";

/** The metadata of one driven data-path call, and the trace and application its record must carry. */
export interface CallMetadata {
  trace: TraceContext;
  /** The strata-application-id the call carries (the config's unless overridden). */
  applicationId: string;
  metadata: Record<string, string>;
}

/**
 * A fresh W3C traceparent (none when `untraced`; `traceparent` as is when
 * given, its trace then unknown: "") and, when given, the call's own
 * strata-application-id, as a driver sends them with a data-path call.
 *
 * @example
 * const { trace, metadata, applicationId } = callMetadata(t, { applicationId: "other-app" });
 */
export function callMetadata(
  t: { config: { applicationId: string } }, options: { untraced?: boolean; traceparent?: string; applicationId?: string },
): CallMetadata {
  const given = options.traceparent !== undefined ? { traceparent: options.traceparent, traceId: "", spanId: "" } : undefined;
  const trace = options.untraced ? { traceparent: "", traceId: "", spanId: "" } : given ?? newTrace();
  const metadata: Record<string, string> = options.untraced ? {} : { traceparent: trace.traceparent };
  if (options.applicationId !== undefined) metadata["strata-application-id"] = options.applicationId;
  return { trace, applicationId: options.applicationId ?? t.config.applicationId, metadata };
}

/** Makes a call, timed on the suite's clock from just before it is sent until it settles, either way (ms). */
export function timeCall<T>(make: () => Promise<T>): { call: Promise<T>; settled: Promise<number> } {
  const started = performance.now();
  const call = make();
  return { call, settled: call.then(() => undefined, () => undefined).then(() => performance.now() - started) };
}
