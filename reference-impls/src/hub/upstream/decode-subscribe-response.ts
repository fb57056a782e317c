import { BinaryReader } from "@bufbuild/protobuf/wire";
import { telemetry } from "@strata/sdk/contracts";

// Wire types, and the field tags ((field number << 3) | wire type) the hub reads itself.
const VARINT = 0;
const FIXED64 = 1;
const LENGTH = 2;
const END_GROUP = 4;
const tag = (field: number, wireType: number) => (field << 3) | wireType;

const NO_BYTES: Buffer = Buffer.alloc(0);
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_MEASUREMENTS: Record<string, bigint> = Object.freeze({}) as Record<string, bigint>;
const utf8 = new TextDecoder();

const SLOTS = 1024; // a power of two
const SLOT_BYTES = 64; // longer strings are not kept

/**
 * The strings of the names records carry (operation, resource, tenant,
 * application, attribute keys and values), found by their bytes: a few
 * hundred distinct names come back in every batch, and finding one by a hash
 * of a few bytes costs less than making the string again; the hub's records
 * then share one string per name. Direct-mapped: a slot holds the last name
 * whose bytes hashed to it, so the table never grows.
 */
class NameTable {
  private readonly bytes = new Uint8Array(SLOTS * SLOT_BYTES);
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly strings: string[] = new Array<string>(SLOTS).fill("");

  /** The string of `buffer[start, end)`. */
  read(buffer: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > SLOT_BYTES) return decodeString(buffer, start, end);
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buffer[i]!, 0x01000193);
    const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
    const offset = slot * SLOT_BYTES;
    if (this.lengths[slot] === length) {
      let i = 0;
      while (i < length && buffer[start + i] === this.bytes[offset + i]) i++;
      if (i === length) return this.strings[slot]!;
    }
    const value = decodeString(buffer, start, end);
    this.bytes.set(buffer.subarray(start, end), offset);
    this.lengths[slot] = length;
    this.strings[slot] = value;
    return value;
  }
}

function decodeString(buffer: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buffer[i]! > 0x7f) return utf8.decode(buffer.subarray(start, end));
  return buffer.toString("latin1", start, end);
}

const names = new NameTable();

/** Reads a length-delimited string field at the reader's position, through the name table. */
function readString(reader: BinaryReader, buffer: Buffer): string {
  const length = reader.uint32();
  const start = reader.pos;
  reader.pos += length;
  if (reader.pos > reader.len) throw new RangeError("premature EOF");
  return names.read(buffer, start, reader.pos);
}

/**
 * The trace and span ids of the previous record of a batch: a record's trace
 * is mostly the previous one's, and its parent the previous one's span (a
 * layer's child after its parent).
 */
interface Previous {
  traceId: Buffer;
  spanId: Buffer;
}

/**
 * Reads a length-delimited id: `previous` when it holds the same bytes, the
 * one shared empty buffer when empty, else a view of the message (no copy).
 */
function readId(reader: BinaryReader, buffer: Buffer, previous: Buffer): Buffer {
  const length = reader.uint32();
  const start = reader.pos;
  reader.pos += length;
  if (reader.pos > reader.len) throw new RangeError("premature EOF");
  if (length === 0) return NO_BYTES;
  if (length === previous.length) {
    let i = 0;
    while (i < length && buffer[start + i] === previous[i]) i++;
    if (i === length) return previous;
  }
  return buffer.subarray(start, reader.pos);
}

/** Skips a field of an unexpected number or wire type, as the generated decoders do; false at an end-group tag. */
function skip(reader: BinaryReader, fieldTag: number): boolean {
  if ((fieldTag & 7) === END_GROUP || fieldTag === 0) return false;
  reader.skip(fieldTag & 7);
  return true;
}

function decodeRecord(reader: BinaryReader, buffer: Buffer, end: number, previous: Previous): telemetry.RequestRecord {
  let sequence = 0n, startTimeUnixNano = 0n, durationNs = 0n, payloadBytes = 0n;
  let layer = 0, statusCode = 0;
  let operation = "", resourceId = "", tenantId = "", applicationId = "";
  let traceId = NO_BYTES, spanId = NO_BYTES, parentSpanId = NO_BYTES;
  let attributes = NO_ATTRIBUTES;
  let measurements = NO_MEASUREMENTS;
  while (reader.pos < end) {
    const fieldTag = reader.uint32();
    switch (fieldTag) {
      case tag(1, VARINT): sequence = reader.uint64() as bigint; continue;
      case tag(2, FIXED64): startTimeUnixNano = reader.fixed64() as bigint; continue;
      case tag(3, VARINT): durationNs = reader.uint64() as bigint; continue;
      case tag(4, VARINT): layer = reader.int32(); continue;
      case tag(5, LENGTH): operation = readString(reader, buffer); continue;
      case tag(6, LENGTH): resourceId = readString(reader, buffer); continue;
      case tag(7, LENGTH): tenantId = readString(reader, buffer); continue;
      case tag(8, LENGTH): applicationId = readString(reader, buffer); continue;
      case tag(9, VARINT): payloadBytes = reader.uint64() as bigint; continue;
      case tag(10, VARINT): statusCode = reader.int32(); continue;
      case tag(11, LENGTH): traceId = readId(reader, buffer, previous.traceId); continue;
      case tag(12, LENGTH): spanId = readId(reader, buffer, previous.spanId); continue;
      case tag(13, LENGTH): {
        if (attributes === NO_ATTRIBUTES) attributes = {};
        const entryEnd = reader.uint32() + reader.pos;
        let key = "", value = "";
        while (reader.pos < entryEnd) {
          const entryTag = reader.uint32();
          if (entryTag === tag(1, LENGTH)) key = readString(reader, buffer);
          else if (entryTag === tag(2, LENGTH)) value = readString(reader, buffer);
          else if (!skip(reader, entryTag)) break;
        }
        attributes[key] = value;
        continue;
      }
      case tag(14, LENGTH): parentSpanId = readId(reader, buffer, previous.spanId); continue;
      case tag(15, LENGTH): {
        if (measurements === NO_MEASUREMENTS) measurements = {};
        const entryEnd = reader.uint32() + reader.pos;
        let key = "", value = 0n;
        while (reader.pos < entryEnd) {
          const entryTag = reader.uint32();
          if (entryTag === tag(1, LENGTH)) key = readString(reader, buffer);
          else if (entryTag === tag(2, VARINT)) value = reader.uint64() as bigint;
          else if (!skip(reader, entryTag)) break;
        }
        measurements[key] = value;
        continue;
      }
    }
    if (!skip(reader, fieldTag)) break;
  }
  if (traceId !== NO_BYTES) previous.traceId = traceId;
  if (spanId !== NO_BYTES) previous.spanId = spanId;
  // The generated decoder's field order, so that the hub's records keep one shape.
  return {
    sequence, startTimeUnixNano, durationNs, layer, operation, resourceId, tenantId, applicationId, payloadBytes, statusCode,
    traceId, spanId, attributes, parentSpanId, measurements,
  };
}

function decodeBatch(reader: BinaryReader, buffer: Buffer, end: number): telemetry.TelemetryBatch {
  const batch: telemetry.TelemetryBatch = { records: [], samples: [] };
  const previous: Previous = { traceId: NO_BYTES, spanId: NO_BYTES };
  while (reader.pos < end) {
    const fieldTag = reader.uint32();
    if (fieldTag === tag(1, LENGTH)) {
      const length = reader.uint32();
      batch.records.push(decodeRecord(reader, buffer, reader.pos + length, previous));
    } else if (fieldTag === tag(2, LENGTH)) {
      batch.samples.push(telemetry.MetricSample.decode(reader, reader.uint32()));
    } else if (!skip(reader, fieldTag)) break;
  }
  return batch;
}

/**
 * Decodes a SubscribeResponse as the generated decoder does, with the same
 * values in every field, but the request records of a batch made for the
 * hub, which keeps them for its log's retention: their ids are views of the
 * message rather than copies (a trace id or span id the previous record
 * held is that record's id object), absent ids and maps are one shared empty
 * buffer or frozen object, and names are found by their bytes among the
 * strings already made. About a third of the generated decoder's cost per
 * record (reference-impls/bench/hub-stitching.bench.ts).
 *
 * @example
 * const client = makeServerStreamRequest(path, serialize, decodeSubscribeResponse, request, metadata);
 */
export function decodeSubscribeResponse(input: Uint8Array): telemetry.SubscribeResponse {
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const reader = new BinaryReader(buffer);
  const message: telemetry.SubscribeResponse = {
    streamSequence: 0n, watermark: 0n, logId: "", batch: undefined, sync: undefined, heartbeat: undefined, gap: undefined,
  };
  while (reader.pos < reader.len) {
    const fieldTag = reader.uint32();
    switch (fieldTag) {
      case tag(1, VARINT): message.streamSequence = reader.uint64() as bigint; continue;
      case tag(2, VARINT): message.watermark = reader.uint64() as bigint; continue;
      case tag(7, LENGTH): message.logId = reader.string(); continue;
      case tag(3, LENGTH): { const length = reader.uint32(); message.batch = decodeBatch(reader, buffer, reader.pos + length); continue; }
      case tag(4, LENGTH): message.sync = telemetry.SyncMarker.decode(reader, reader.uint32()); continue;
      case tag(5, LENGTH): message.heartbeat = telemetry.Heartbeat.decode(reader, reader.uint32()); continue;
      case tag(6, LENGTH): message.gap = telemetry.Gap.decode(reader, reader.uint32()); continue;
    }
    if (!skip(reader, fieldTag)) break;
  }
  return message;
}
