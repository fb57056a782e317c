import {
  status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { authenticate } from "../auth/authenticate.js";
import { metadataValue, type Authenticator } from "../auth/authenticator.js";
import type { Principal } from "../auth/principal.js";
import { StrataError } from "../errors/strata-error.js";
import { parseTraceparent, type CallContext } from "./call-context.js";
import { decodeFailure, requestTypeOf, unknownEnumViolations } from "./request-checks.js";
import type { MethodDefinition, ServiceDefinition, ServiceRegistration } from "./service-registration.js";

/** Marks a request that failed to decode, so the handler can answer INVALID_ARGUMENT. */
class UndecodableRequest {
  constructor(readonly bytes: Buffer) {}
}

/** A principal for public (unauthenticated) calls. */
const ANONYMOUS: Principal = { tenantId: "", roles: [], authenticatedBy: "insecure-header", subject: "anonymous" };

export interface AdaptOptions {
  authenticators: readonly Authenticator[];
  /** Called with every error that becomes INTERNAL (a vendor bug). */
  onInternalError: (error: unknown, method: string) => void;
}

type AnyCall = ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>;

/**
 * Turns a registration into what grpc-js serves: a definition whose
 * deserializers never throw, and handlers that authenticate, reject bad input
 * with INVALID_ARGUMENT before vendor code runs, map errors to statuses, and
 * answer UNIMPLEMENTED for methods the vendor left out.
 */
export function adaptService(registration: ServiceRegistration, options: AdaptOptions): {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
} {
  const definition: Record<string, MethodDefinition> = {};
  const implementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(registration.definition)) {
    definition[name] = { ...method, requestDeserialize: safeDeserializer(method) };
    const handler = (registration.implementation as Record<string, Function | undefined>)[name];
    const run = async (call: AnyCall, ctx: () => Promise<CallContext>) => {
      if (!handler) throw new StrataError(status.UNIMPLEMENTED, `${method.path} is not implemented by this endpoint`);
      const context = await ctx();
      checkRequest(method.path, call.request);
      return handler(call.request, context, call);
    };
    const contextOf = (call: AnyCall) => () => buildContext(call, method.path, registration.public === true, options);
    implementation[name] = method.responseStream
      ? (call: ServerWritableStream<unknown, unknown>) => {
          run(call, contextOf(call)).then(
            () => call.end(),
            // grpc-js turns an 'error' event into the stream's final status.
            (error) => call.emit("error", toServiceError(error, method.path, options)),
          );
        }
      : (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
          run(call, contextOf(call)).then(
            (response) => callback(null, response),
            (error) => callback(toServiceError(error, method.path, options)),
          );
        };
  }
  return { definition, implementation };
}

function safeDeserializer(method: MethodDefinition): (bytes: Buffer) => unknown {
  return (bytes) => {
    try {
      return method.requestDeserialize(bytes);
    } catch {
      return new UndecodableRequest(bytes);
    }
  };
}

function checkRequest(path: string, request: unknown): void {
  const type = requestTypeOf(path);
  if (request instanceof UndecodableRequest) throw decodeFailure(type, request.bytes);
  if (!type) return;
  const violations = unknownEnumViolations(type, request);
  if (violations.length > 0) throw StrataError.invalidFields(violations);
}

async function buildContext(call: AnyCall, method: string, isPublic: boolean, options: AdaptOptions): Promise<CallContext> {
  const controller = new AbortController();
  if (call.cancelled) controller.abort();
  else call.once("cancelled", () => controller.abort());
  const principal = isPublic ? ANONYMOUS : await authenticate(options.authenticators, {
    metadata: call.metadata,
    peerCertificate: call.getAuthContext?.().sslPeerCertificate,
  });
  return {
    principal,
    applicationId: metadataValue(call.metadata, "strata-application-id") || undefined,
    trace: parseTraceparent(metadataValue(call.metadata, "traceparent")),
    method,
    metadata: call.metadata,
    signal: controller.signal,
  };
}

function toServiceError(error: unknown, method: string, options: AdaptOptions) {
  if (error instanceof StrataError) return error.toStatusObject();
  options.onInternalError(error, method);
  return StrataError.internal(error).toStatusObject();
}
