import { StrataError } from "../errors/strata-error.js";
import type { Interceptor } from "./interceptor.js";
import { decodeFailure, requestTypeOf, requestViolations } from "./request-checks.js";
import type { MethodDefinition } from "./service-registration.js";

/** Marks a request that failed to decode, so the pipeline answers INVALID_ARGUMENT for it. */
class UndecodableRequest {
  constructor(readonly bytes: Buffer) {}
}

/** A deserializer that never throws: bytes that do not decode become an UndecodableRequest. */
export function safeDeserializer(method: MethodDefinition): (bytes: Buffer) => unknown {
  return (bytes) => {
    try {
      return method.requestDeserialize(bytes);
    } catch {
      return new UndecodableRequest(bytes);
    }
  };
}

/** True for a request that decoded (what a data-path interceptor may read before the check). */
export function isDecoded(request: unknown): boolean {
  return !(request instanceof UndecodableRequest);
}

/**
 * The last step before the handler: INVALID_ARGUMENT for bytes that are not
 * a request message, for enum fields holding values the contract does not
 * define (proto3 keeps them; a vendor must never see them), and for id fields
 * breaking the id rule (see requestViolations), except the fields the service
 * declares free text.
 */
export function checkRequest(freeTextFields: readonly string[] = []): Interceptor {
  const freeText = new Set(freeTextFields);
  return (next) => (call) => {
    const type = requestTypeOf(call.method);
    if (call.request instanceof UndecodableRequest) throw decodeFailure(type, call.request.bytes);
    if (type) {
      const violations = requestViolations(type, call.request, freeText);
      if (violations.length > 0) throw StrataError.invalidFields(violations);
    }
    return next(call);
  };
}
