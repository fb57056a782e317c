import { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import type { RequestInput } from "./request-input.js";

// Tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited).
const BATCH_FIELD = 26; // SubscribeResponse.batch
const RECORDS = 10; // TelemetryBatch.records
const SAMPLES = 18; // TelemetryBatch.samples
const HEADER_ROOM = 6; // tag + the longest varint length a batch can need

/** A logged request with its sequence: what the batch encoder reads. */
export interface SequencedRequest extends RequestInput {
  readonly sequence: number;
}

/**
 * Encodes the SubscribeResponse.batch field straight from logged requests,
 * byte for byte what the generated encoder writes for toRequestRecord() of
 * each (same fields, order and omissions; batch-encoder.spec.ts checks it),
 * without building a message object or a bigint per field. Records are the
 * bulk of a stream, and this is the one encoding every stream of a group
 * shares, so its cost bounds the stream's throughput. Samples are few and go
 * through the generated encoder.
 */
export function encodeBatchField(records: readonly SequencedRequest[], samples: readonly MetricSample[]): Uint8Array {
  const w = scratch;
  w.pos = HEADER_ROOM;
  for (const record of records) {
    w.ensure(64);
    w.buf[w.pos++] = RECORDS;
    const mark = w.pos++;
    writeRecord(w, record);
    w.closeLength(mark);
  }
  for (const sample of samples) {
    const bytes = MetricSample.encode(sample).finish();
    w.ensure(bytes.length + 11);
    w.buf[w.pos++] = SAMPLES;
    w.varint(bytes.length);
    w.buf.set(bytes, w.pos);
    w.pos += bytes.length;
  }
  // Put the field header right before the body, then copy out: the scratch buffer is reused.
  const bodyLength = w.pos - HEADER_ROOM;
  const headerLength = 1 + varintLength(bodyLength);
  let at = HEADER_ROOM - headerLength;
  w.buf[at++] = BATCH_FIELD;
  for (let v = bodyLength; ; v = Math.floor(v / 128)) {
    if (v < 128) { w.buf[at++] = v; break; }
    w.buf[at++] = (v % 128) | 0x80;
  }
  const out = Buffer.allocUnsafe(w.pos - (HEADER_ROOM - headerLength));
  w.buf.copy(out, 0, HEADER_ROOM - headerLength, w.pos);
  return out;
}

function writeRecord(w: Writer, r: SequencedRequest): void {
  // Room for every fixed-size field and the four strings at 3 bytes per UTF-16 unit, so the
  // fields below write to a local buffer and position (no bounds checks, no property writes).
  w.ensure(96 + 3 * (r.operation.length + r.resourceId.length + r.tenantId.length + r.applicationId.length));
  const buf = w.buf;
  let pos = w.pos;
  if (r.sequence !== 0) pos = putVarintField(buf, pos, 8, r.sequence);
  w.pos = pos;
  w.fixed64(17, r.startTimeUnixNano);
  pos = w.pos;
  const duration = uint64(r.durationNs);
  if (duration !== 0) pos = putVarintField(buf, pos, 24, duration);
  if (r.layer !== 0) pos = putEnumField(w, pos, 32, r.layer);
  pos = putString(w, pos, 42, r.operation);
  pos = putString(w, pos, 50, r.resourceId);
  pos = putString(w, pos, 58, r.tenantId);
  pos = putString(w, pos, 66, r.applicationId);
  const bytes = uint64(r.payloadBytes);
  if (bytes !== 0) pos = putVarintField(buf, pos, 72, bytes);
  if (r.statusCode !== 0) pos = putEnumField(w, pos, 80, r.statusCode);
  w.pos = pos;
  const traced = r.traceId !== undefined && r.traceId.length > 0;
  if (traced) w.bytes(90, r.traceId!);
  if (traced && r.spanId !== undefined && r.spanId.length > 0) w.bytes(98, r.spanId);
  if (r.attributes) {
    for (const key of Object.keys(r.attributes)) {
      w.ensure(2);
      w.buf[w.pos++] = 106;
      const mark = w.pos++;
      w.string(10, key);
      w.string(18, r.attributes[key]!);
      w.closeLength(mark);
    }
  }
  if (traced && r.parentSpanId !== undefined && r.parentSpanId.length > 0) w.bytes(114, r.parentSpanId);
  if (r.measurements) {
    for (const key of Object.keys(r.measurements)) {
      w.ensure(2);
      w.buf[w.pos++] = 122;
      const mark = w.pos++;
      w.string(10, key);
      w.tagVarint(16, uint64(r.measurements[key]!));
      w.closeLength(mark);
    }
  }
}

/** A varint field of a non-negative integer, at pos (room already ensured). */
function putVarintField(buf: Buffer, pos: number, tag: number, value: number): number {
  buf[pos++] = tag;
  if (value < 2 ** 31) {
    while (value > 127) {
      buf[pos++] = (value & 127) | 128;
      value >>>= 7;
    }
  } else {
    while (value > 127) {
      buf[pos++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
  }
  buf[pos++] = value;
  return pos;
}

/** An enum field at pos; a negative value takes the writer's ten-byte path. */
function putEnumField(w: Writer, pos: number, tag: number, value: number): number {
  if (value > 0) return putVarintField(w.buf, pos, tag, value);
  w.pos = pos;
  w.tagVarint(tag, value);
  return w.pos;
}

/** A string field at pos: short ASCII copied here, anything else through the writer. */
function putString(w: Writer, pos: number, tag: number, value: string): number {
  const n = value.length;
  if (n === 0) return pos;
  if (n < 128) {
    const buf = w.buf;
    buf[pos] = tag;
    buf[pos + 1] = n;
    let i = 0;
    for (; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 128) break;
      buf[pos + 2 + i] = c;
    }
    if (i === n) return pos + 2 + n;
  }
  w.pos = pos;
  w.string(tag, value);
  return w.pos;
}

/** As toUint64(): whole, non-negative, at most 2^64 - 2048. */
function uint64(value: number): number {
  return value > 0 ? Math.round(Math.min(value, Number.MAX_SAFE_INTEGER * 2048)) : 0;
}

function varintLength(value: number): number {
  let n = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

class Writer {
  buf: Buffer = Buffer.alloc(1 << 16);
  // DataView writes a bigint in ~15 ns; Buffer.writeBigUInt64LE takes ~100.
  view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  pos = 0;

  ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  /** A non-negative integer (up to 2^64) or a negative int32 (ten bytes, as protobuf sign-extends it). */
  varint(value: number): void {
    this.ensure(10);
    if (value < 0) {
      let v = BigInt.asUintN(64, BigInt(value));
      for (; v >= 128n; v >>= 7n) this.buf[this.pos++] = Number(v & 127n) | 0x80;
      this.buf[this.pos++] = Number(v);
      return;
    }
    while (value >= 128) {
      this.buf[this.pos++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buf[this.pos++] = value;
  }

  /** A varint field, left out when 0 as proto3 does. */
  tagVarint(tag: number, value: number): void {
    if (value === 0) return;
    this.ensure(11);
    this.buf[this.pos++] = tag;
    this.varint(value);
  }

  fixed64(tag: number, value: bigint | number): void {
    if (value === 0n || value === 0) return;
    this.ensure(9);
    if (typeof value === "bigint") {
      this.buf[this.pos++] = tag;
      this.view.setBigUint64(this.pos, value < 0n ? BigInt.asUintN(64, value) : value, true);
    } else {
      const v = uint64(value);
      if (v === 0) return;
      this.buf[this.pos++] = tag;
      this.view.setUint32(this.pos, v % 2 ** 32, true);
      this.view.setUint32(this.pos + 4, Math.floor(v / 2 ** 32), true);
    }
    this.pos += 8;
  }

  /** A string field, left out when empty. ASCII up to 127 characters is copied by hand: no native call. */
  string(tag: number, value: string): void {
    const n = value.length;
    if (n === 0) return;
    this.ensure(n * 3 + 6);
    const start = this.pos;
    if (n < 128) {
      this.buf[this.pos++] = tag;
      this.buf[this.pos++] = n;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 128) break;
        this.buf[this.pos++] = c;
      }
      if (i === n) return;
      this.pos = start;
    }
    const length = Buffer.byteLength(value);
    this.buf[this.pos++] = tag;
    this.varint(length);
    this.pos += this.buf.write(value, this.pos, "utf8");
  }

  bytes(tag: number, value: Uint8Array): void {
    this.ensure(value.length + 11);
    this.buf[this.pos++] = tag;
    this.varint(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Fills the one byte reserved at mark with the length of what follows, widening it if needed. */
  closeLength(mark: number): void {
    const length = this.pos - mark - 1;
    if (length < 128) {
      this.buf[mark] = length;
      return;
    }
    const extra = varintLength(length) - 1;
    this.ensure(extra);
    this.buf.copy(this.buf, mark + 1 + extra, mark + 1, this.pos);
    this.pos += extra;
    let at = mark;
    for (let v = length; ; v = Math.floor(v / 128)) {
      if (v < 128) { this.buf[at++] = v; break; }
      this.buf[at++] = (v % 128) | 0x80;
    }
  }
}

const scratch = new Writer();
