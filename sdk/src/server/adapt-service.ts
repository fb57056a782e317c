import {
  type Metadata, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { Authenticator } from "../auth/authenticator.js";
import type { Limits } from "../gen/strata/core/v1/identity.js";
import { StrataError } from "../errors/strata-error.js";
import type { TelemetryRecorder } from "../telemetry/telemetry-recorder.js";
import { authenticateCall } from "./authenticate-call.js";
import { checkAttribution } from "./check-attribution.js";
import { checkRequest, safeDeserializer } from "./check-request.js";
import { composeInterceptors, type CallHandler, type Interceptor, type ServerCall } from "./interceptor.js";
import { mapErrors } from "./map-errors.js";
import type { PageTokens } from "./page-tokens.js";
import type { MethodDefinition, ServiceDefinition, ServiceRegistration } from "./service-registration.js";

export interface AdaptOptions {
  authenticators: readonly Authenticator[];
  /** Called with every error that becomes INTERNAL (a vendor bug). */
  onInternalError: (error: unknown, method: string) => void;
  /** The server's telemetry: its clock stamps each call's arrival. */
  telemetry: TelemetryRecorder;
  /** Interceptors of every service, after authentication (before the service's own). */
  interceptors?: readonly Interceptor[];
  /** The endpoint's page token signer, handed to every handler in its context. */
  pageTokens: PageTokens;
  /** The endpoint's Limits, handed to every interceptor. */
  limits: Limits;
  /** When the call with this metadata reached the server (createArrivalClock); without it, when its handler is called. */
  arrivedAt?: (metadata: Metadata) => bigint | undefined;
}

type AnyCall = ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>;

/**
 * Turns a registration into what grpc-js serves: a definition whose
 * deserializers never throw, and per method one pipeline of interceptors
 * (composed once): map errors → authenticate → the server's and the
 * service's interceptors → check strata-application-id → check the request
 * → the vendor's handler, UNIMPLEMENTED for a method the vendor left out.
 */
export function adaptService(registration: ServiceRegistration, options: AdaptOptions): {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
} {
  const definition: Record<string, MethodDefinition> = {};
  const implementation: UntypedServiceImplementation = {};
  const isPublic = registration.public === true;
  for (const [name, method] of Object.entries(registration.definition)) {
    definition[name] = { ...method, requestDeserialize: safeDeserializer(method) };
    const pipeline = composeInterceptors([
      mapErrors(options.onInternalError),
      authenticateCall(options.authenticators, isPublic, options.pageTokens),
      ...(options.interceptors ?? []),
      ...(registration.interceptors ?? []),
      ...(isPublic ? [] : [checkAttribution]),
      checkRequest(registration.freeTextFields),
    ], handlerOf(registration, name, method));
    const start = (call: AnyCall): Promise<unknown> => pipeline({
      method: method.path,
      request: call.request,
      metadata: call.metadata,
      receivedAtUnixNano: options.arrivedAt?.(call.metadata) ?? options.telemetry.now(),
      telemetry: options.telemetry,
      limits: options.limits,
      context: undefined as never, // set by authentication
      grpc: call,
    } satisfies ServerCall);
    implementation[name] = method.responseStream
      ? (call: ServerWritableStream<unknown, unknown>) => {
          start(call).then(
            () => call.end(),
            // grpc-js turns an 'error' event into the stream's final status.
            (error: StrataError) => call.emit("error", error.toStatusObject()),
          );
        }
      : (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
          start(call).then(
            (response) => callback(null, response),
            (error: StrataError) => callback(error.toStatusObject()),
          );
        };
  }
  return { definition, implementation };
}

function handlerOf(registration: ServiceRegistration, name: string, method: MethodDefinition): CallHandler {
  const handler = (registration.implementation as Record<string, Function | undefined>)[name];
  if (!handler) {
    return async () => {
      throw StrataError.notImplemented(method.path);
    };
  }
  return async (call) => handler(call.request, call.context, call.grpc);
}
