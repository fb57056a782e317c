import type { ServiceMap } from "@strata/sdk/client";
import type { TraceContext } from "../helpers/trace-context.js";
import type { DriveOptions } from "../registry/traffic-driver.js";

/** A driven call behind the hub made in a trace the check chose, rather than a fresh one (hub-layer-module's driver). */
export interface InTraceOptions<S extends ServiceMap = {}> extends DriveOptions<S> {
  /** The traceparent the call carries: an earlier call's trace, with a span of the suite's. */
  readonly inTrace?: TraceContext;
}

/**
 * Clients that send `trace`'s traceparent with every call, whatever the
 * caller set: every layer's driver sends its traceparent as extra metadata,
 * which a key set here overrides. For a record that must join an earlier
 * call's trace (a late record), without a trace option in every driver.
 *
 * @example
 * const as = clientsInTrace(clients, { ...earlier.trace, traceparent: `00-${earlier.trace.traceId}-${span}-01` });
 */
export function clientsInTrace<C extends object>(clients: C, trace: TraceContext): C {
  return new Proxy(clients, {
    get(target, name) {
      const service: unknown = Reflect.get(target, name);
      if (typeof service !== "object" || service === null || !("raw" in service)) return service;
      return new Proxy(service, {
        get(methods, method) {
          const fn: unknown = Reflect.get(methods, method);
          if (typeof fn !== "function" || method === "raw") return fn;
          return (request: unknown, extras: { metadata?: Record<string, string> } = {}) =>
            fn.call(methods, request, { ...extras, metadata: { ...extras.metadata, traceparent: trace.traceparent } });
        },
      });
    },
  });
}
