import { FrameKind, type ApplicationFrame } from "./contracts.js";

/** The fixed part of the header: magic, version, kind, request id, status, operation length. */
const FIXED_BYTES = 15;
const MAGIC_0 = 0x53;
const MAGIC_1 = 0x41;
const VERSION = 0x01;
const MAX_OPERATION_BYTES = 64;
const OPERATION_BYTE = /^[A-Za-z0-9._/-]$/;

/**
 * Decodes the standard's application framing header (version 1, docs/network.md)
 * at the start of a payload; undefined when the payload is not framed, by any
 * rule the header breaks.
 *
 * @example
 * decodeApplicationFrame(encodeApplicationFrame({ kind: FrameKind.FRAME_KIND_REQUEST, requestId: 7n, operation: "get", status: 0 }));
 */
export function decodeApplicationFrame(payload: Buffer): ApplicationFrame | undefined {
  if (payload.length < FIXED_BYTES + 1 || payload[0] !== MAGIC_0 || payload[1] !== MAGIC_1 || payload[2] !== VERSION) return undefined;
  const kind = payload[3]!;
  if (kind !== FrameKind.FRAME_KIND_REQUEST && kind !== FrameKind.FRAME_KIND_RESPONSE) return undefined;
  const requestId = payload.readBigUInt64BE(4);
  const status = payload.readUInt16BE(12);
  const length = payload[14]!;
  if (requestId === 0n || (kind === FrameKind.FRAME_KIND_REQUEST && status !== 0)) return undefined;
  if (length < 1 || length > MAX_OPERATION_BYTES || payload.length < FIXED_BYTES + length) return undefined;
  const operation = payload.toString("latin1", FIXED_BYTES, FIXED_BYTES + length);
  for (const char of operation) if (!OPERATION_BYTE.test(char)) return undefined;
  return { kind, requestId, operation, status };
}

/** A payload with the application framing header in front of body; throws RangeError on a header the rules forbid. */
export function encodeApplicationFrame(frame: ApplicationFrame, body: Buffer = Buffer.alloc(0)): Buffer {
  const operation = Buffer.from(frame.operation, "latin1");
  const header = Buffer.alloc(FIXED_BYTES + operation.length);
  header[0] = MAGIC_0;
  header[1] = MAGIC_1;
  header[2] = VERSION;
  header[3] = frame.kind;
  header.writeBigUInt64BE(BigInt.asUintN(64, frame.requestId), 4);
  header.writeUInt16BE(frame.status, 12);
  header[14] = operation.length;
  operation.copy(header, FIXED_BYTES);
  const payload = Buffer.concat([header, body]);
  if (!decodeApplicationFrame(payload)) throw new RangeError(`encodeApplicationFrame: the header breaks the framing rules: ${JSON.stringify({ ...frame, requestId: String(frame.requestId) })}`);
  return payload;
}
