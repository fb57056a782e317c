import type { CallContext } from "../../server/call-context.js";
import type { EntryPoint, Session, ShapingPolicy } from "./contracts.js";

/** One request of an open session, as the kit hands it to the backend. */
export interface Carriage {
  /** The session, open when the request arrived. */
  session: Session;
  /** The session's entry point. */
  entryPoint: EntryPoint;
  /** The request's payload, at most Limits.max_io_bytes. */
  payload: Buffer;
  /**
   * The shaping policy of the session's tenant in force now, if any: read it
   * when the request is admitted, as it may change while the request waits.
   * Always undefined on an endpoint that does not declare FEATURE_ACCESS_SHAPING.
   */
  policy(): ShapingPolicy | undefined;
  /**
   * Hands the request to the entry point and resolves with its answer (the
   * echo's, or a compute Execute's digest), timing it as the answer's
   * entry_point_ns. Call it exactly once. It rejects with a StrataError the
   * backend lets through: UNAVAILABLE when the entry point failed, CANCELLED
   * when the caller went away.
   */
  deliver(): Promise<Buffer>;
  /** Aborted when the caller cancels. */
  signal: AbortSignal;
  /** The call's context, for anything the backend calls for the request. */
  ctx: CallContext;
}

/** What carrying a request did, measured by the backend. */
export interface Carried {
  /** The answer to send back: what deliver() resolved with. */
  payload: Buffer;
  /** The time the request really waited for its tenant's shaping policy, ns (0 when none shapes it). */
  shapingDelayNs: number;
}

/**
 * What a user access vendor writes: how a request crosses its edge (shaped
 * by its tenant's policy, over whatever network it crosses or models) to the
 * entry point and back. The kit (createAccessServer) owns everything else:
 * validation, tenancy, idempotency, pagination, entry points and how they are
 * reached, sessions, shaping policies as stored, telemetry and topology.
 * Errors thrown as StrataError reach the caller as they are.
 */
export interface AccessBackend {
  /**
   * Carries one request: waits as the tenant's policy says (when the vendor
   * declares FEATURE_ACCESS_SHAPING; throwing StrataError.cancelled when the
   * caller goes away meanwhile), calls deliver() once, and returns the answer
   * with the shaping delay it measured.
   */
  forward(carriage: Carriage): Promise<Carried>;
  /** Releases timers and sockets. */
  close?(): Promise<void>;
}
