import type { core, telemetry } from "@strata/sdk/contracts";

/**
 * One request record as stitching keeps it: the trace, span and parent as
 * hex keys, the rest as the record gave it. Made once per traced record, so
 * that the raw record (and its attribute maps) can be dropped.
 */
export interface Hop {
  /** The trace id, 32 lower-case hex digits. */
  readonly traceKey: string;
  /** The span id, 16 lower-case hex digits. */
  readonly spanKey: string;
  /** The parent span id, 16 lower-case hex digits; "" for a root. */
  readonly parentKey: string;
  readonly layer: core.Layer;
  readonly operation: string;
  readonly resourceId: string;
  readonly tenantId: string;
  readonly applicationId: string;
  /** UNIX epoch ns, as recorded. */
  readonly startTimeUnixNano: bigint;
  readonly durationNs: number;
  readonly statusCode: number;
  /** Set when the record reached the hub after its transaction was judged. */
  late?: boolean;
}

/**
 * The hex keys of the previous record's trace and span. The records of a
 * transaction mostly arrive one after another (a layer's child after its
 * parent), so a record's trace id is often the previous one's and its parent
 * span id the previous one's span id: comparing 16 or 8 bytes is cheaper than
 * making the hex string again, and the hops then share one string.
 */
/** Distinct names a Names table keeps one string of. */
const INTERNED = 4096;

/**
 * One string for each distinct name (operation, resource, tenant,
 * application): hops are kept for the settle window, judged ones and relayed
 * records for their retention, and a decoded record brings its own copy of
 * every name. At most INTERNED names, then it starts over.
 */
export class Names {
  private readonly names = new Map<string, string>();

  /** The one string of this name. */
  of(value: string): string {
    const known = this.names.get(value);
    if (known !== undefined) return known;
    if (this.names.size >= INTERNED) this.names.clear();
    this.names.set(value, value);
    return value;
  }
}

export class HopKeys {
  // Copies of the previous ids (the caller may reuse its buffers), and their keys.
  private readonly traceId = new IdCopy();
  private traceKey = "";
  private readonly spanId = new IdCopy();
  private spanKey = "";

  /** The hex key of a trace id. */
  trace(id: Uint8Array): string {
    if (!this.traceId.equals(id)) {
      this.traceId.set(id);
      this.traceKey = hex(id);
    }
    return this.traceKey;
  }

  /** The hex key of a span id (the previous record's span key if equal); then remembered as the previous record's span. */
  span(id: Uint8Array): string {
    if (!this.spanId.equals(id)) {
      this.spanId.set(id);
      this.spanKey = hex(id);
    }
    return this.spanKey;
  }

  /** The names hops keep, one string each. */
  readonly names = new Names();

  /** The hex key of a parent span id (the previous record's span key if equal). */
  parent(id: Uint8Array): string {
    return this.spanId.equals(id) ? this.spanKey : hex(id);
  }
}

/** A copy of an id, in a buffer of its own that grows as needed. */
class IdCopy {
  private bytes = new Uint8Array(16);
  private length = -1;

  set(id: Uint8Array): void {
    if (id.length > this.bytes.length) this.bytes = new Uint8Array(id.length);
    this.bytes.set(id);
    this.length = id.length;
  }

  equals(id: Uint8Array): boolean {
    if (id.length !== this.length) return false;
    for (let i = 0; i < id.length; i++) if (id[i] !== this.bytes[i]) return false;
    return true;
  }
}

/**
 * The hop of a record, or undefined for a record that joins no transaction
 * (no trace id, or no span id of its own). With `keys`, equal ids of
 * consecutive records share their key strings.
 */
export function hopOf(record: telemetry.RequestRecord, keys?: HopKeys): Hop | undefined {
  if (record.traceId.length === 0 || record.spanId.length === 0) return undefined;
  const parentKey = record.parentSpanId.length === 0 ? "" : keys ? keys.parent(record.parentSpanId) : hex(record.parentSpanId);
  // With the fields judging writes into it (JudgedHop), so that the object keeps one shape from here to retention.
  const hop = {
    traceKey: keys ? keys.trace(record.traceId) : hex(record.traceId),
    spanKey: keys ? keys.span(record.spanId) : hex(record.spanId),
    parentKey,
    layer: record.layer,
    operation: keys ? keys.names.of(record.operation) : record.operation,
    resourceId: keys ? keys.names.of(record.resourceId) : record.resourceId,
    tenantId: keys ? keys.names.of(record.tenantId) : record.tenantId,
    applicationId: keys ? keys.names.of(record.applicationId) : record.applicationId,
    startTimeUnixNano: record.startTimeUnixNano,
    durationNs: Number(record.durationNs),
    statusCode: record.statusCode,
    late: false,
    selfNs: 0,
    critical: false,
    orphan: false,
  };
  return hop;
}

/** True when two ids hold the same bytes. In JS: an id is 8 or 16 bytes, less work than a native call's overhead. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HEX = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
/** The character codes of a byte's high and low hex digits. */
const hi = (byte: number) => HEX[byte >> 4]!;
const lo = (byte: number) => HEX[byte & 15]!;

/**
 * Bytes as lower-case hex. An id (a span's 8 bytes, once per record; a
 * trace's 16) is spelled in JS by one String.fromCharCode call with every
 * digit: one string made at once, cheaper than a call into the native hex
 * encoder and its intermediate slice (about 2.5x for a span id).
 */
export function hex(b: Uint8Array): string {
  if (b.length === 8) {
    return String.fromCharCode(
      hi(b[0]!), lo(b[0]!), hi(b[1]!), lo(b[1]!), hi(b[2]!), lo(b[2]!), hi(b[3]!), lo(b[3]!),
      hi(b[4]!), lo(b[4]!), hi(b[5]!), lo(b[5]!), hi(b[6]!), lo(b[6]!), hi(b[7]!), lo(b[7]!),
    );
  }
  if (b.length === 16) {
    return String.fromCharCode(
      hi(b[0]!), lo(b[0]!), hi(b[1]!), lo(b[1]!), hi(b[2]!), lo(b[2]!), hi(b[3]!), lo(b[3]!),
      hi(b[4]!), lo(b[4]!), hi(b[5]!), lo(b[5]!), hi(b[6]!), lo(b[6]!), hi(b[7]!), lo(b[7]!),
      hi(b[8]!), lo(b[8]!), hi(b[9]!), lo(b[9]!), hi(b[10]!), lo(b[10]!), hi(b[11]!), lo(b[11]!),
      hi(b[12]!), lo(b[12]!), hi(b[13]!), lo(b[13]!), hi(b[14]!), lo(b[14]!), hi(b[15]!), lo(b[15]!),
    );
  }
  return (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString("hex");
}
