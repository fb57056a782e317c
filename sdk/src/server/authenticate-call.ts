import { authenticate } from "../auth/authenticate.js";
import { metadataValue, type Authenticator } from "../auth/authenticator.js";
import type { Principal } from "../auth/principal.js";
import type { CallContext } from "./call-context.js";
import { CallSpan, parseTraceparent } from "./call-span.js";
import { isValidApplicationId } from "./id-rules.js";
import type { Interceptor, ServerCall } from "./interceptor.js";
import type { PageTokens } from "./page-tokens.js";

/** The principal of public (unauthenticated) calls. */
const ANONYMOUS: Principal = { tenantId: "", roles: [], authenticatedBy: "insecure-header", subject: "anonymous" };

/**
 * Establishes who calls (UNAUTHENTICATED when no authenticator recognises
 * the credentials; a public service skips it) and builds the handler's
 * context: principal, application, trace and span, cancellation signal.
 */
export function authenticateCall(authenticators: readonly Authenticator[], isPublic: boolean, pageTokens: PageTokens): Interceptor {
  return (next) => async (call) => {
    const grpc = call.grpc;
    const principal = isPublic ? ANONYMOUS : await authenticate(authenticators, {
      metadata: call.metadata,
      peerCertificate: grpc.getAuthContext?.().sslPeerCertificate,
    });
    const controller = new AbortController();
    const onCancelled = () => controller.abort();
    if (grpc.cancelled) controller.abort();
    else grpc.once("cancelled", onCancelled);
    const applicationId = metadataValue(call.metadata, "strata-application-id");
    const trace = parseTraceparent(metadataValue(call.metadata, "traceparent"));
    const context: CallContext = {
      principal,
      // A malformed value is refused by checkAttribution; until then (and in a record of the refusal) it names nothing.
      applicationId: applicationId !== undefined && isValidApplicationId(applicationId) ? applicationId : undefined,
      trace,
      span: new CallSpan(trace),
      method: call.method,
      metadata: call.metadata,
      signal: controller.signal,
      dataPath: undefined,
      pageTokens,
    };
    (call as { context: CallContext }).context = context;
    try {
      return await next(call as ServerCall);
    } finally {
      // grpc-js also says "cancelled" when a finished call's stream closes: aborting then would only cost a DOMException per call.
      grpc.off("cancelled", onCancelled);
    }
  };
}
