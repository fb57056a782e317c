import { status } from "@grpc/grpc-js";
import { StrataError } from "../errors/strata-error.js";
import { DataPathRecord, statusCodeOf } from "../telemetry/data-path-record.js";
import type { CallContext } from "./call-context.js";
import { isDecoded } from "./check-request.js";
import { isValidId } from "./id-rules.js";
import type { Interceptor, ServerCall } from "./interceptor.js";
import { payloadFieldOf, requestTypeOf } from "./request-checks.js";
import type { RequestOf, ServiceDefinition } from "./service-registration.js";

/** INVALID_ARGUMENT naming the payload field (the request's bytes field) when it holds more than Limits.max_io_bytes. */
function checkPayload(call: ServerCall): void {
  const type = requestTypeOf(call.method);
  const payload = type && isDecoded(call.request) ? payloadFieldOf(type) : undefined;
  if (!payload) return;
  const bytes = (call.request as Record<string, Uint8Array | undefined>)[payload.key];
  const max = Number(call.limits.maxIoBytes);
  if (bytes && bytes.length > max) throw StrataError.invalidArgument(payload.name, `must be at most ${max} bytes (Limits.max_io_bytes)`);
}

/** How one data-path RPC is recorded. */
export interface DataPathMethod<Req> {
  /** RequestRecord.operation, as the layer's catalogue names it. */
  operation: string;
  /** The resource id the request names; recorded until the layer resolves the resource (an id breaking the id rule is recorded as ""). */
  resourceId(request: Req): string;
}

/**
 * The one data-path wrapper every layer kit puts around its data-path RPCs.
 * Every authenticated call of such a method yields exactly one request
 * record, also when the kit's checks or the handler reject it (a payload,
 * the request's bytes field, over Limits.max_io_bytes is refused here with
 * INVALID_ARGUMENT naming the field, for every layer alike): timed from
 * the call's arrival on the telemetry clock, with the status it is answered
 * with, this layer's span under the caller's (docs/telemetry.md). The
 * handler finds the record in `ctx.dataPath`: it resolves the resource
 * (owner attribution, queue depth) and sets the bytes moved. Give it to
 * createLayerServer's `interceptors` so that it wraps the method whatever
 * service registration serves it.
 *
 * @example
 * dataPathInterceptor(widgets.WidgetIoService, {
 *   write: { operation: "write", resourceId: (request) => request.widgetId },
 * });
 */
export function dataPathInterceptor<D extends ServiceDefinition>(
  definition: D, methods: { [K in keyof D]?: DataPathMethod<RequestOf<D[K]>> },
): Interceptor {
  const byPath = new Map<string, DataPathMethod<unknown>>();
  for (const [name, method] of Object.entries(methods)) {
    if (method) byPath.set(definition[name]!.path, method as DataPathMethod<unknown>);
  }
  return (next) => {
    return async (call) => {
      const method = byPath.get(call.method);
      if (!method) return next(call);
      const ctx = call.context;
      const named = isDecoded(call.request) ? method.resourceId(call.request) : "";
      const record = new DataPathRecord(call.telemetry, {
        operation: method.operation,
        startTimeUnixNano: call.receivedAtUnixNano,
        resourceId: typeof named === "string" && isValidId(named) ? named : "",
        tenantId: ctx.principal.tenantId,
        applicationId: ctx.applicationId,
        span: ctx.span,
      });
      (ctx as { dataPath: CallContext["dataPath"] }).dataPath = record;
      let code: number = status.OK;
      try {
        checkPayload(call);
        return await next(call);
      } catch (error) {
        code = statusCodeOf(error);
        throw error;
      } finally {
        record.finish(code);
      }
    };
  };
}
