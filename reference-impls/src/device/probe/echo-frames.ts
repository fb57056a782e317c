import type { EchoSpec } from "@strata/sdk/device";

/** The bytes of an echo request: delay_ns (8, big-endian), fail (1), payload length (4), payload. */
const REQUEST_HEAD = 13;
/** The bytes of an echo answer: status (1: 0 answered, 1 failed), payload length (4), payload. */
const ANSWER_HEAD = 5;
/** The largest payload a frame may carry. */
export const MAX_FRAME_PAYLOAD = 16 << 20;

export function encodeRequest(payload: Buffer, echo: EchoSpec): Buffer {
  const head = Buffer.alloc(REQUEST_HEAD);
  head.writeBigUInt64BE(BigInt(echo.delayNs), 0);
  head.writeUInt8(echo.fail ? 1 : 0, 8);
  head.writeUInt32BE(payload.length, 9);
  return Buffer.concat([head, payload]);
}

export function encodeAnswer(answer: Buffer | undefined): Buffer {
  const head = Buffer.alloc(ANSWER_HEAD);
  head.writeUInt8(answer ? 0 : 1, 0);
  head.writeUInt32BE(answer?.length ?? 0, 1);
  return answer ? Buffer.concat([head, answer]) : head;
}

/** A whole request read from `bytes`, or undefined while more are to come; throws on a frame too large. */
export function decodeRequest(bytes: Buffer): { payload: Buffer; echo: EchoSpec } | undefined {
  if (bytes.length < REQUEST_HEAD) return undefined;
  const length = bytes.readUInt32BE(9);
  if (length > MAX_FRAME_PAYLOAD) throw new RangeError(`an echo request of ${length} bytes is above ${MAX_FRAME_PAYLOAD}`);
  if (bytes.length < REQUEST_HEAD + length) return undefined;
  const echo = { delayNs: Number(bytes.readBigUInt64BE(0)), fail: bytes.readUInt8(8) === 1 };
  return { payload: bytes.subarray(REQUEST_HEAD, REQUEST_HEAD + length), echo };
}

/** A whole answer read from `bytes` (the payload, or "failed"), or undefined while more are to come. */
export function decodeAnswer(bytes: Buffer): { payload: Buffer } | "failed" | undefined {
  if (bytes.length < ANSWER_HEAD) return undefined;
  if (bytes.readUInt8(0) === 1) return "failed";
  const length = bytes.readUInt32BE(1);
  if (length > MAX_FRAME_PAYLOAD) throw new RangeError(`an echo answer of ${length} bytes is above ${MAX_FRAME_PAYLOAD}`);
  if (bytes.length < ANSWER_HEAD + length) return undefined;
  return { payload: Buffer.from(bytes.subarray(ANSWER_HEAD, ANSWER_HEAD + length)) };
}
