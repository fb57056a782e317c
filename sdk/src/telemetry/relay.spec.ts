import { afterEach, describe, expect, it } from "vitest";
import { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { Mode } from "../gen/strata/telemetry/v1/telemetry.js";
import { FIXTURE_OTHER_LAYER } from "../testing/fixture-layer.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import type { RequestInput } from "./request-input.js";
import { ClockedRecorder, SECOND, T0 } from "./testing/clocked-recorder.js";
import { readOnce } from "./testing/stream-reader.js";

/** A record as another endpoint (of another layer) made it. */
const foreign = (overrides: Partial<RequestInput> = {}): RequestInput => ({
  layer: FIXTURE_OTHER_LAYER, operation: "send", resourceId: "n-1", tenantId: "t1", applicationId: "a",
  startTimeUnixNano: T0, durationNs: 700, payloadBytes: 64, statusCode: 0,
  traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), parentSpanId: Buffer.alloc(8, 3), ...overrides,
});

/** A histogram sample of another endpoint, values in ns. */
function latencySample(resourceId: string, values: number[], start = T0): MetricSample {
  const histogram = new ExponentialHistogram();
  for (const v of values) histogram.record(v);
  return MetricSample.fromPartial({
    metric: "other.io.latency", unit: "ns", layer: FIXTURE_OTHER_LAYER, tenantId: "t1", applicationId: "a", resourceId,
    startTimeUnixNano: start, timeUnixNano: start + SECOND, histogram: histogram.toProto(),
  });
}

describe("TelemetryRecorder.relayRecord() and publishSamples()", () => {
  const t = new ClockedRecorder();
  afterEach(() => t.close());

  it("should stream a relayed record under this log's sequence, as it was made, and aggregate it into no series", async () => {
    const recorder = await t.start();
    recorder.relayRecord(foreign());
    recorder.relayRecord(foreign({ durationNs: 900, spanId: Buffer.alloc(8, 4) }));
    const samples = await t.tick();
    expect(samples).toEqual([]);
    const records = await t.records();
    expect(records.map((r) => [r.sequence, r.layer, r.operation, r.durationNs])).toEqual([
      [1n, FIXTURE_OTHER_LAYER, "send", 700n], [2n, FIXTURE_OTHER_LAYER, "send", 900n],
    ]);
    expect(records[0]).toMatchObject({ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), parentSpanId: Buffer.alloc(8, 3), payloadBytes: 64n });
  });

  it("should log published samples with this log's sequences and keep the latest of each series for a new stream", async () => {
    const recorder = await t.start();
    recorder.publishSamples([latencySample("n-1", [100]), latencySample("n-2", [200])]);
    recorder.publishSamples([latencySample("n-1", [300, 400], T0 + SECOND)]);
    const messages = await readOnce(t.server.client(), { mode: Mode.MODE_ONCE });
    const latest = messages.flatMap((m) => m.batch?.samples ?? []);
    expect(latest.map((s) => [s.sequence, s.resourceId, s.histogram?.count])).toEqual([[2n, "n-2", 1n], [3n, "n-1", 2n]]);
  });

  it("should merge published samples into a longer sample interval at the interval ticks", async () => {
    const recorder = await t.start();
    const twice = readOnce(t.server.client(), { mode: Mode.MODE_ONCE, sampleIntervalNs: 2n * SECOND });
    await twice; // the stream made the recorder serve the 2 s interval
    recorder.publishSamples([latencySample("n-1", [100, 200])]);
    await t.tick();
    recorder.publishSamples([latencySample("n-1", [300], T0 + SECOND)]);
    await t.tick();
    const messages = await readOnce(t.server.client(), { mode: Mode.MODE_ONCE, sampleIntervalNs: 2n * SECOND });
    const merged = messages.flatMap((m) => m.batch?.samples ?? []).filter((s) => s.resourceId === "n-1");
    expect(merged.map((s) => [s.histogram?.count, s.histogram?.sum, s.startTimeUnixNano, s.timeUnixNano])).toEqual([[3n, 600, T0, T0 + 2n * SECOND]]);
  });
});
