import { Any } from "../gen/google/protobuf/any.js";
import { BadRequest, ErrorInfo, RetryInfo } from "../gen/google/rpc/error_details.js";
import { Status } from "../gen/google/rpc/status.js";
import { ErrorReason, errorReasonFromJSON, errorReasonToJSON } from "../gen/strata/core/v1/errors.js";
import { MAX_DETAILS_BYTES } from "./error-bounds.js";
import type { FieldViolation, StrataError, StrataErrorOptions } from "./strata-error.js";

const TYPE_PREFIX = "type.googleapis.com/";
const ERROR_INFO = `${TYPE_PREFIX}google.rpc.ErrorInfo`;
const BAD_REQUEST = `${TYPE_PREFIX}google.rpc.BadRequest`;
const RETRY_INFO = `${TYPE_PREFIX}google.rpc.RetryInfo`;

/**
 * Encodes an error as the google.rpc.Status of grpc-status-details-bin, at
 * most MAX_DETAILS_BYTES: past it the last field violations go (one always
 * stays), then the ErrorInfo metadata, so that the trailer stays deliverable.
 */
export function encodeStatusDetails(error: StrataError): Buffer {
  let violations = error.fieldViolations;
  let metadata = error.metadata;
  for (;;) {
    const encoded = encodeStatus(error, violations, metadata);
    if (encoded.length <= MAX_DETAILS_BYTES) return encoded;
    if (violations.length > 1) violations = violations.slice(0, Math.max(1, Math.floor(violations.length / 2)));
    else if (Object.keys(metadata).length > 0) metadata = {};
    else return encoded;
  }
}

function encodeStatus(error: StrataError, violations: readonly FieldViolation[], metadata: Record<string, string>): Buffer {
  const details: Any[] = [{
    typeUrl: ERROR_INFO,
    value: Buffer.from(ErrorInfo.encode({
      reason: errorReasonToJSON(error.reason),
      domain: "strata.dev",
      metadata,
    }).finish()),
  }];
  if (violations.length > 0) {
    details.push({
      typeUrl: BAD_REQUEST,
      value: Buffer.from(BadRequest.encode({
        fieldViolations: violations.map((v) => ({ field: v.field, description: v.description, reason: "", localizedMessage: undefined })),
      }).finish()),
    });
  }
  if (error.retryDelayMs !== undefined) {
    const ms = Math.max(0, Math.round(error.retryDelayMs));
    details.push({
      typeUrl: RETRY_INFO,
      value: Buffer.from(RetryInfo.encode({ retryDelay: { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 } }).finish()),
    });
  }
  return Buffer.from(Status.encode({ code: error.code, message: error.message, details }).finish());
}

/** Decodes grpc-status-details-bin; unknown detail types are skipped. */
export function decodeStatusDetails(bytes: Buffer): { message: string; options: StrataErrorOptions } | undefined {
  let status: Status;
  try {
    status = Status.decode(bytes);
  } catch {
    return undefined;
  }
  const options: StrataErrorOptions = {};
  for (const any of status.details) {
    if (any.typeUrl === ERROR_INFO) {
      const info = ErrorInfo.decode(any.value);
      const reason = errorReasonFromJSON(info.reason);
      options.reason = reason === ErrorReason.UNRECOGNIZED ? ErrorReason.ERROR_REASON_UNSPECIFIED : reason;
      options.metadata = info.metadata;
    } else if (any.typeUrl === BAD_REQUEST) {
      options.fieldViolations = BadRequest.decode(any.value).fieldViolations.map((v) => ({ field: v.field, description: v.description }));
    } else if (any.typeUrl === RETRY_INFO) {
      const delay = RetryInfo.decode(any.value).retryDelay;
      if (delay) options.retryDelayMs = Number(delay.seconds) * 1000 + delay.nanos / 1e6;
    }
  }
  return { message: status.message, options };
}
