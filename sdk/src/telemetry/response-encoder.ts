import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { Gap, Heartbeat, SyncMarker } from "../gen/strata/telemetry/v1/telemetry.js";

// SubscribeResponse field tags: (field number << 3) | wire type.
const STREAM_SEQUENCE = (1 << 3) | 0;
const WATERMARK = (2 << 3) | 0;
const SYNC = (4 << 3) | 2;
const HEARTBEAT = (5 << 3) | 2;
const GAP = (6 << 3) | 2;
const LOG_ID = (7 << 3) | 2;

/**
 * A SubscribeResponse is built from pre-encoded fields: the payload (batch
 * field from batch-encoder.ts, or a sync, heartbeat or gap field) is encoded
 * once and shared by every stream that sends it; only stream_sequence and watermark are encoded per stream.
 * Protobuf decoders accept fields in any order, so header + log_id + payload
 * concatenated is a valid SubscribeResponse.
 */
export function encodeResponse(streamSequence: number, watermark: number, logIdField: Uint8Array, payloadField: Uint8Array): Buffer {
  const header = new BinaryWriter().uint32(STREAM_SEQUENCE).uint64(streamSequence);
  if (watermark !== 0) header.uint32(WATERMARK).uint64(watermark);
  return Buffer.concat([header.finish(), logIdField, payloadField]);
}

/** The log_id field, encoded once per log. */
export function encodeLogIdField(logId: string): Uint8Array {
  return new BinaryWriter().uint32(LOG_ID).string(logId).finish();
}

export function encodeSyncField(sequence: number): Uint8Array {
  return SyncMarker.encode({ sequence: BigInt(sequence) }, new BinaryWriter().uint32(SYNC).fork()).join().finish();
}

export function encodeHeartbeatField(timeUnixNano: bigint): Uint8Array {
  return Heartbeat.encode({ timeUnixNano }, new BinaryWriter().uint32(HEARTBEAT).fork()).join().finish();
}

export function encodeGapField(gap: Gap): Uint8Array {
  return Gap.encode(gap, new BinaryWriter().uint32(GAP).fork()).join().finish();
}
