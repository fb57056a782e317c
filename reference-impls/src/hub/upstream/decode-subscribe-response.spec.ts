import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { core, telemetry } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { decodeSubscribeResponse } from "./decode-subscribe-response.js";

const id = (length: number, last: number) => { const bytes = Buffer.alloc(length, 0xa5); bytes[length - 1] = last; return bytes; };

/** A record with every field set, non-ASCII names and two entries in each map. */
const full = (span: number, tenantId = "tenant-ä") => telemetry.RequestRecord.fromPartial({
  sequence: 18_446_744_073_709_551_615n, startTimeUnixNano: 1_700_000_000_000_000_123n, durationNs: 2500n, layer: core.Layer.LAYER_STORAGE,
  operation: "write", resourceId: "vol-€-1", tenantId, applicationId: "shop", payloadBytes: 4096n, statusCode: 14,
  traceId: id(16, 7), spanId: id(8, span), parentSpanId: id(8, span - 1), attributes: { host_id: "host-0", zone: "b" },
  measurements: { queue_ns: 40n, retries: 2n },
});

const response = (records: telemetry.RequestRecord[], samples: telemetry.MetricSample[] = []) =>
  telemetry.SubscribeResponse.encode({ streamSequence: 4n, watermark: 99n, logId: "log-1", batch: { records, samples } }).finish();

/** Fields no decoder knows, and a known field number with a wire type it does not expect, appended to an encoded message. */
const withUnknownFields = (encoded: Uint8Array) => {
  const extra = new BinaryWriter()
    .uint32((99 << 3) | 0).uint64(7n)
    .uint32((100 << 3) | 2).bytes(new Uint8Array([1, 2, 3]))
    .uint32((101 << 3) | 5).fixed32(5)
    .uint32((102 << 3) | 1).fixed64(6n)
    .uint32((5 << 3) | 0).uint32(3)
    .finish();
  return Buffer.concat([encoded, extra]);
};

describe("decodeSubscribeResponse()", () => {
  it("should decode every field of every record as the generated decoder does, consecutive records repeating or not", () => {
    const sample = telemetry.MetricSample.fromPartial({ metric: "latency", tenantId: "t1", attributes: { a: "1" }, gauge: { value: 3 } });
    const long = { ...full(6), resourceId: "v".repeat(100), applicationId: "shop-ü".repeat(20) };
    const bytes = response([full(2), full(3), full(4, "other"), telemetry.RequestRecord.fromPartial({}), full(5), long, full(7)], [sample]);
    expect(decodeSubscribeResponse(bytes)).toEqual(telemetry.SubscribeResponse.decode(bytes));
  });

  it("should skip unknown fields, and known ones of an unexpected wire type, in a record and in the response, as the generated decoder does", () => {
    const record = withUnknownFields(telemetry.RequestRecord.encode(full(2)).finish());
    const batch = new BinaryWriter().uint32((1 << 3) | 2).bytes(record).uint32((1 << 3) | 2).bytes(record).finish();
    const bytes = withUnknownFields(new BinaryWriter().uint32((1 << 3) | 0).uint64(3n).uint32((3 << 3) | 2).bytes(withUnknownFields(batch)).finish());
    const decoded = decodeSubscribeResponse(bytes);
    expect(decoded.batch!.records).toHaveLength(2);
    expect(decoded).toEqual(telemetry.SubscribeResponse.decode(bytes));
  });

  it("should decode the other payloads (sync, heartbeat, gap) as the generated decoder does", () => {
    for (const message of [
      { streamSequence: 1n, watermark: 5n, logId: "l", sync: { sequence: 5n } },
      { streamSequence: 2n, watermark: 5n, logId: "l", heartbeat: { timeUnixNano: 1_700_000_000_000_000_000n } },
      {
        streamSequence: 3n, watermark: 9n, logId: "l",
        gap: { fromSequence: 6n, toSequence: 9n, droppedRecords: 3n, droppedSamples: 1n, reason: telemetry.GapReason.GAP_REASON_SLOW_SUBSCRIBER },
      },
      {},
    ]) {
      const bytes = telemetry.SubscribeResponse.encode(telemetry.SubscribeResponse.fromPartial(message)).finish();
      expect(decodeSubscribeResponse(bytes)).toEqual(telemetry.SubscribeResponse.decode(bytes));
    }
  });

  it("should keep ids as Buffers viewing the message, one id for a trace or span the previous record had, and one empty id and map", () => {
    const records = [full(2), full(3), telemetry.RequestRecord.fromPartial({}), telemetry.RequestRecord.fromPartial({})];
    const bytes = Buffer.from(response(records));
    const [record, child, empty, alsoEmpty] = decodeSubscribeResponse(bytes).batch!.records;
    expect(Buffer.isBuffer(record!.traceId) && record!.traceId.buffer === bytes.buffer).toBe(true);
    expect(child!.traceId).toBe(record!.traceId);
    expect(child!.parentSpanId).toBe(record!.spanId);
    expect(empty!.traceId).toBe(alsoEmpty!.traceId);
    expect(empty!.attributes).toBe(alsoEmpty!.attributes);
    expect(Object.isFrozen(empty!.measurements)).toBe(true);
  });

  it("should throw on a truncated message, as the generated decoder does", () => {
    const bytes = response([full(2)]);
    const truncated = bytes.subarray(0, bytes.length - 5);
    expect(() => telemetry.SubscribeResponse.decode(truncated)).toThrow();
    expect(() => decodeSubscribeResponse(truncated)).toThrow(RangeError);
  });
});
