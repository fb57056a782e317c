import type { FieldViolation } from "./strata-error.js";

/**
 * What one error may carry. A status travels in HTTP/2 trailers, and gRPC
 * libraries refuse more than 8 KiB of metadata by default: an error that
 * echoed a 32,000-character id never reached its caller, who waited for its
 * deadline. The message goes twice (grpc-message, percent-encoded, and the
 * google.rpc.Status), the details once more in base64.
 */
export const MAX_MESSAGE_BYTES = 512;
/** The most of any one request value an error repeats. */
export const MAX_ECHO_CHARACTERS = 64;
/** The most field violations one error names. */
export const MAX_FIELD_VIOLATIONS = 16;
/** The encoded google.rpc.Status is cut (violations, then metadata) to this. */
export const MAX_DETAILS_BYTES = 2048;
const MAX_FIELD_BYTES = 128;
const MAX_DESCRIPTION_BYTES = 256;
const MAX_METADATA_ENTRIES = 16;
const MAX_METADATA_KEY_BYTES = 64;
const MAX_METADATA_VALUE_BYTES = 128;

/** A request value as an error may repeat it: at most MAX_ECHO_CHARACTERS, "…" marking a cut. */
export function echo(value: string): string {
  return value.length <= MAX_ECHO_CHARACTERS ? value : `${value.slice(0, MAX_ECHO_CHARACTERS)}…`;
}

/** The text cut to at most maxBytes of UTF-8, "…" marking a cut. */
export function clip(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const limit = maxBytes - Buffer.byteLength("…");
  let cut = text.slice(0, limit);
  // A character takes at most 4 bytes: drop enough characters to cover the excess, until it fits.
  for (let excess = Buffer.byteLength(cut) - limit; excess > 0; excess = Buffer.byteLength(cut) - limit) {
    cut = cut.slice(0, cut.length - Math.ceil(excess / 4));
  }
  return `${cut}…`;
}

/** The first MAX_FIELD_VIOLATIONS violations, each field and description clipped. */
export function boundedViolations(violations: readonly FieldViolation[]): FieldViolation[] {
  return violations.slice(0, MAX_FIELD_VIOLATIONS).map((v) => ({
    field: clip(v.field, MAX_FIELD_BYTES), description: clip(v.description, MAX_DESCRIPTION_BYTES),
  }));
}

/** The first MAX_METADATA_ENTRIES entries, keys and values clipped. */
export function boundedMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).slice(0, MAX_METADATA_ENTRIES)
    .map(([key, value]) => [clip(key, MAX_METADATA_KEY_BYTES), clip(value, MAX_METADATA_VALUE_BYTES)]));
}
