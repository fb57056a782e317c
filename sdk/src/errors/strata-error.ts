import { Metadata, status, type ServiceError, type StatusObject } from "@grpc/grpc-js";
import { ErrorReason, errorReasonToJSON } from "../gen/strata/core/v1/errors.js";
import { boundedMetadata, boundedViolations, clip, echo, MAX_MESSAGE_BYTES } from "./error-bounds.js";
import { decodeStatusDetails, encodeStatusDetails } from "./status-details.js";

/** The domain of every google.rpc.ErrorInfo a Strata server sends. */
export const ERROR_DOMAIN = "strata.dev";

/** One invalid field, named by its proto path (for example "page.page_size"). */
export interface FieldViolation {
  field: string;
  description: string;
}

export interface StrataErrorOptions {
  /** The machine-readable reason (google.rpc.ErrorInfo.reason). */
  reason?: ErrorReason;
  /** The fields that made the request invalid (google.rpc.BadRequest). */
  fieldViolations?: FieldViolation[];
  /** When to retry a throttled call (google.rpc.RetryInfo). */
  retryDelayMs?: number;
  /** Extra ErrorInfo metadata, for example the resource id. */
  metadata?: Record<string, string>;
  /** What caused it. Never sent to the caller. */
  cause?: unknown;
}

/** Marks a StrataError of any copy of the SDK (a registered symbol is the same in every copy). */
const BRAND = Symbol.for("@strata/sdk.StrataError");

/**
 * The one error type of Strata: a gRPC status code, a message naming the
 * field or resource at fault, and the standard google.rpc details. Throw it
 * from a handler and the kit sends it as is; any other throw becomes INTERNAL.
 * `instanceof StrataError` holds for a StrataError of another copy of the SDK
 * too (a vendor that bundles its own, two versions in node_modules), as
 * connect-es's ConnectError does it: by a brand, not by the prototype chain.
 *
 * @example
 * throw StrataError.notFound("widget", request.widgetId);
 */
export class StrataError extends Error {
  override readonly name = "StrataError";
  readonly [BRAND] = true;
  readonly reason: ErrorReason;
  readonly fieldViolations: FieldViolation[];
  readonly retryDelayMs: number | undefined;
  readonly metadata: Record<string, string>;

  /**
   * What an error carries is bounded (error-bounds.ts), so that however much
   * a handler echoes, the answer fits in a gRPC trailer and reaches the caller.
   */
  constructor(readonly code: status, message: string, options: StrataErrorOptions = {}) {
    super(clip(message, MAX_MESSAGE_BYTES), { cause: options.cause });
    this.reason = options.reason ?? ErrorReason.ERROR_REASON_UNSPECIFIED;
    this.fieldViolations = boundedViolations(options.fieldViolations ?? []);
    this.retryDelayMs = options.retryDelayMs;
    this.metadata = boundedMetadata(options.metadata ?? {});
  }

  /** INVALID_ARGUMENT naming one field. */
  static invalidArgument(field: string, description: string): StrataError {
    return StrataError.invalidFields([{ field, description }]);
  }

  /** INVALID_ARGUMENT naming every field at fault. */
  static invalidFields(violations: FieldViolation[]): StrataError {
    const message = violations.map((v) => `${v.field}: ${v.description}`).join("; ");
    return new StrataError(status.INVALID_ARGUMENT, message, {
      reason: ErrorReason.ERROR_REASON_INVALID_FIELD,
      fieldViolations: violations,
    });
  }

  /** NOT_FOUND for a resource; the same whether it is absent or another tenant's. */
  static notFound(kind: string, id: string): StrataError {
    return new StrataError(status.NOT_FOUND, `${kind} "${echo(id)}" not found`, {
      reason: ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND,
      metadata: { resource_kind: kind, resource_id: id },
    });
  }

  /** ALREADY_EXISTS: a create reused a name with different parameters. */
  static conflictingParameters(kind: string, name: string, differing: string[]): StrataError {
    return new StrataError(status.ALREADY_EXISTS,
      `${kind} named "${echo(name)}" already exists with different ${differing.join(", ")}`, {
        reason: ErrorReason.ERROR_REASON_CONFLICTING_PARAMETERS,
        metadata: { resource_kind: kind, name, differing: differing.join(",") },
      });
  }

  /** PERMISSION_DENIED: the caller named a tenant other than its own. */
  static tenantMismatch(field: string, tenantId: string): StrataError {
    return new StrataError(status.PERMISSION_DENIED,
      `${field}: tenant "${echo(tenantId)}" is not the caller's tenant`, {
        reason: ErrorReason.ERROR_REASON_TENANT_MISMATCH,
        metadata: { field },
      });
  }

  /** PERMISSION_DENIED: only an operator may do this. */
  static operatorRequired(what: string): StrataError {
    return new StrataError(status.PERMISSION_DENIED, `${what} requires the operator role`, {
      reason: ErrorReason.ERROR_REASON_OPERATOR_REQUIRED,
    });
  }

  /** UNAUTHENTICATED: no credentials, or credentials that do not verify. */
  static unauthenticated(why: string, cause?: unknown): StrataError {
    return new StrataError(status.UNAUTHENTICATED, why, {
      reason: ErrorReason.ERROR_REASON_UNAUTHENTICATED, cause,
    });
  }

  /** FAILED_PRECONDITION: the resource's state forbids the call. */
  static busy(kind: string, id: string, why: string): StrataError {
    return new StrataError(status.FAILED_PRECONDITION, `${kind} "${echo(id)}" ${why}`, {
      reason: ErrorReason.ERROR_REASON_RESOURCE_BUSY,
      metadata: { resource_kind: kind, resource_id: id },
    });
  }

  /** OUT_OF_RANGE: an offset or length runs past the end of a resource. */
  static outOfBounds(field: string, description: string): StrataError {
    return new StrataError(status.OUT_OF_RANGE, `${field}: ${description}`, {
      reason: ErrorReason.ERROR_REASON_OUT_OF_BOUNDS,
      fieldViolations: [{ field, description }],
    });
  }

  /** RESOURCE_EXHAUSTED without RetryInfo: do not retry. */
  static capacityExhausted(what: string): StrataError {
    return new StrataError(status.RESOURCE_EXHAUSTED, `${what}: capacity exhausted`, {
      reason: ErrorReason.ERROR_REASON_CAPACITY_EXHAUSTED,
    });
  }

  /** RESOURCE_EXHAUSTED with RetryInfo: throttled by QoS, retry after the delay. */
  static throttled(what: string, retryDelayMs: number): StrataError {
    return new StrataError(status.RESOURCE_EXHAUSTED, `${what}: throttled by QoS, retry in ${retryDelayMs} ms`, {
      reason: ErrorReason.ERROR_REASON_THROTTLED, retryDelayMs,
    });
  }

  /** CANCELLED: the caller went away while its request waited (QoS admission, a queue). */
  static cancelled(what: string): StrataError {
    return new StrataError(status.CANCELLED, `${what}: cancelled while waiting`, {
      reason: ErrorReason.ERROR_REASON_CANCELLED,
    });
  }

  /** UNIMPLEMENTED: the endpoint serves the service but not this RPC. */
  static notImplemented(method: string): StrataError {
    return new StrataError(status.UNIMPLEMENTED, `${method} is not implemented by this endpoint`, {
      reason: ErrorReason.ERROR_REASON_NOT_IMPLEMENTED,
    });
  }

  /** RESOURCE_EXHAUSTED without RetryInfo: a limit the endpoint declares (a field of Limits, named in snake_case) is reached. */
  static limitExceeded(limit: string, description: string): StrataError {
    return new StrataError(status.RESOURCE_EXHAUSTED, `${description} (Limits.${limit})`, {
      reason: ErrorReason.ERROR_REASON_LIMIT_EXCEEDED,
      metadata: { limit },
    });
  }

  /** UNAVAILABLE: a transient failure (a process serving the call died); the caller retries with backoff. */
  static unavailable(what: string, cause?: unknown): StrataError {
    return new StrataError(status.UNAVAILABLE, `${what}: unavailable, retry with backoff`, { cause });
  }

  /** UNIMPLEMENTED: an optional capability the endpoint does not declare. */
  static capabilityNotSupported(feature: string): StrataError {
    return new StrataError(status.UNIMPLEMENTED, `capability ${feature} is not offered by this endpoint`, {
      reason: ErrorReason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED,
    });
  }

  /** INTERNAL: a server bug. The cause is kept for logs, never sent. */
  static internal(cause: unknown): StrataError {
    return new StrataError(status.INTERNAL, "internal error", {
      reason: ErrorReason.ERROR_REASON_INTERNAL, cause,
    });
  }

  /** The status object grpc-js sends, details in grpc-status-details-bin. */
  toStatusObject(): Partial<StatusObject> {
    const metadata = new Metadata();
    metadata.set("grpc-status-details-bin", encodeStatusDetails(this));
    return { code: this.code, details: this.message, metadata };
  }

  /** Reads a StrataError back from an error a grpc-js client received. */
  static fromServiceError(error: ServiceError): StrataError {
    const raw = error.metadata?.get("grpc-status-details-bin")?.[0];
    const details = raw instanceof Buffer ? decodeStatusDetails(raw) : undefined;
    return new StrataError(error.code, details?.message ?? error.details, { ...details?.options, cause: error });
  }

  /** True for a StrataError of this or any other copy of the SDK. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  /** The reason's enum name, for messages and reports. */
  get reasonName(): string {
    return errorReasonToJSON(this.reason);
  }
}

/**
 * True for a StrataError, also one of another copy of the SDK.
 *
 * @example
 * try { await client.volumes.getVolume({ volumeId }); }
 * catch (error) { if (isStrataError(error) && error.code === status.NOT_FOUND) return undefined; throw error; }
 */
export function isStrataError(value: unknown): value is StrataError {
  return value instanceof StrataError;
}
