import { describe, expect, it } from "vitest";
import { Layer } from "../gen/strata/core/v1/layer.js";
import { FIXTURE_LAYER } from "../testing/fixture-layer.js";
import { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { SubscribeResponse } from "../gen/strata/telemetry/v1/telemetry.js";
import { encodeBatchField, type SequencedRequest } from "./batch-encoder.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import { toRequestRecord } from "./request-input.js";

function generated(records: SequencedRequest[], samples: MetricSample[]): Uint8Array {
  return SubscribeResponse.encode(SubscribeResponse.fromPartial({
    batch: { records: records.map((r) => toRequestRecord(r, r.sequence)), samples },
  })).finish();
}

const base: SequencedRequest = {
  sequence: 1, layer: FIXTURE_LAYER, operation: "read", resourceId: "r-1", tenantId: "t1", applicationId: "app",
  startTimeUnixNano: 1_700_000_000_123_456_789n, durationNs: 52_000, payloadBytes: 4096, statusCode: 0,
};

describe("encodeBatchField()", () => {
  it.each<[string, Partial<SequencedRequest>]>([
    ["a plain record", {}],
    ["zero and empty fields, which proto3 leaves out", { sequence: 0, startTimeUnixNano: 0n, durationNs: 0, payloadBytes: 0, layer: 0, operation: "", resourceId: "" }],
    ["64-bit values", { sequence: 2 ** 53 - 1, startTimeUnixNano: 2n ** 64n - 1n, durationNs: 2 ** 60, payloadBytes: 2 ** 40 + 3 }],
    ["a start time given as a number", { startTimeUnixNano: 1_700_000_000_123_456_800 }],
    ["fractional and negative measurements", { durationNs: 1234.6, payloadBytes: -5 }],
    ["an error status and a negative enum value", { statusCode: 14, layer: -1 as Layer }],
    ["trace context", { traceId: Buffer.alloc(16, 0xab), spanId: Buffer.alloc(8, 0xcd) }],
    ["trace context with the caller's span", { traceId: Buffer.alloc(16, 0xab), spanId: Buffer.alloc(8, 0xcd), parentSpanId: Buffer.alloc(8, 0xef) }],
    ["a caller's span after attributes", { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), parentSpanId: Buffer.alloc(8, 3), attributes: { zone: "z" } }],
    ["a span id without a trace id, which is left out", { traceId: Buffer.alloc(0), spanId: Buffer.alloc(8, 1) }],
    ["a caller's span without a trace id, which is left out", { parentSpanId: Buffer.alloc(8, 1) }],
    ["attributes, including empty ones", { attributes: { zone: "zone-a", "": "x", empty: "" } }],
    ["measurements, including zero, fractional, negative and 64-bit ones", {
      measurements: { cpu_time_ns: 1_250_000, zero: 0, half: 2.5, negative: -3, huge: 2 ** 60, "": 7 },
    }],
    ["measurements after a caller's span", { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), parentSpanId: Buffer.alloc(8, 3), measurements: { wait_ns: 99 } }],
    ["non-ASCII strings", { tenantId: "tenant-é", applicationId: "应用", resourceId: "💾" }],
    ["strings past 127 bytes", { resourceId: "v".repeat(300), attributes: { note: "n".repeat(200) } }],
  ])("should write what the generated encoder writes for %s", (_, overrides) => {
    const record = { ...base, ...overrides };
    expect(Buffer.from(encodeBatchField([record], []))).toEqual(Buffer.from(generated([record], [])));
  });

  it("should write whole batches of records and samples, however large", () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ ...base, sequence: i + 1, durationNs: i * 997, resourceId: `r-${i % 9}` }));
    const histogram = new ExponentialHistogram();
    for (const r of records) histogram.record(r.durationNs);
    const sample = MetricSample.fromPartial({
      sequence: 3001n, metric: "fixture.io.latency", unit: "ns", layer: FIXTURE_LAYER, tenantId: "t1",
      applicationId: "app", resourceId: "r-1", attributes: { operation: "read" }, histogram: histogram.toProto(),
    });
    const field = encodeBatchField(records, [sample]);
    expect(Buffer.from(field)).toEqual(Buffer.from(generated(records, [sample])));
    expect(SubscribeResponse.decode(field).batch!.records).toHaveLength(3000);
  });

  it("should write an empty batch field for no items", () => {
    expect(Buffer.from(encodeBatchField([], []))).toEqual(Buffer.from([26, 0]));
  });
});
