import type { WireFrame } from "@strata/sdk/network";

/** "SW", then version 1. */
const MAGIC = Buffer.from([0x53, 0x57, 0x01]);

/**
 * udpswitch's frame on the wire, one UDP datagram: magic and version (3
 * bytes), frame id (8, big-endian), priority (1), then network id, source and
 * destination address, each as a length byte and its bytes, then the
 * payload.
 */
export function encodeWireFrame(frame: WireFrame): Buffer {
  const strings = [frame.networkId, frame.sourceAddress, frame.destinationAddress].map((s) => Buffer.from(s, "utf8"));
  const head = Buffer.alloc(MAGIC.length + 9);
  MAGIC.copy(head, 0);
  head.writeBigUInt64BE(BigInt(frame.frameId), MAGIC.length);
  head[MAGIC.length + 8] = frame.priority;
  return Buffer.concat([head, ...strings.flatMap((s) => [Buffer.from([s.length]), s]), frame.payload]);
}

/** The frame a datagram carries, or undefined when it is not one of ours. */
export function decodeWireFrame(datagram: Buffer): WireFrame | undefined {
  if (datagram.length < MAGIC.length + 12 || !datagram.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const frameId = Number(datagram.readBigUInt64BE(MAGIC.length));
  const priority = datagram[MAGIC.length + 8]!;
  let at = MAGIC.length + 9;
  const strings: string[] = [];
  for (let i = 0; i < 3; i++) {
    const length = datagram[at];
    if (length === undefined || at + 1 + length > datagram.length) return undefined;
    strings.push(datagram.toString("utf8", at + 1, at + 1 + length));
    at += 1 + length;
  }
  return {
    frameId, priority, networkId: strings[0]!, sourceAddress: strings[1]!, destinationAddress: strings[2]!,
    payload: Buffer.from(datagram.subarray(at)),
  };
}
