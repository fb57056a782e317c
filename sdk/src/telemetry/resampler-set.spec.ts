import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { Mode } from "../gen/strata/telemetry/v1/telemetry.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import { createTelemetryRecorder, type TelemetryRecorder } from "./telemetry-recorder.js";
import { OPERATOR, startTelemetryServer, type TelemetryTestServer } from "./testing/start-telemetry-server.js";
import { openStream } from "./testing/stream-reader.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER } from "../testing/fixture-layer.js";

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;
const METRICS = ["fixture.io.ops", "fixture.io.ops_rate", "fixture.io.latency"];

function row(s: MetricSample): string {
  const value = s.counter ? `counter=${s.counter.value}` : s.gauge ? `gauge=${s.gauge.value}` : `histogram count=${s.histogram!.count}`;
  return `${s.metric} [${(s.startTimeUnixNano - T0) / S}s, ${(s.timeUnixNano - T0) / S}s) ${value}`;
}

describe("ResamplerSet", () => {
  let clock = T0;
  let recorder: TelemetryRecorder;
  let server: TelemetryTestServer;

  beforeEach(async () => {
    clock = T0;
    recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, now: () => clock });
    server = await startTelemetryServer(recorder.subscribe, { principal: OPERATOR });
  });

  afterEach(async () => {
    recorder.close();
    await server.close();
  });

  function interval(...latencies: number[]) {
    for (const durationNs of latencies) {
      recorder.record({
        layer: FIXTURE_LAYER, operation: "read", resourceId: "v1", tenantId: "t1", applicationId: "a",
        startTimeUnixNano: clock, durationNs, payloadBytes: 1, statusCode: 0,
      });
    }
    clock += S;
    recorder.flush();
  }

  const samplesOf = (messages: { batch?: { samples: MetricSample[] } }[]) => messages.flatMap((m) => m.batch?.samples ?? []);

  it("should send a stream of 2 × base one merged sample per series per 2 base intervals, and the base stream none", async () => {
    const doubled = openStream(server.client(), { mode: Mode.MODE_STREAM, sampleIntervalNs: 2n * S, selector: { metrics: METRICS } });
    const base = openStream(server.client(), { mode: Mode.MODE_STREAM, selector: { metrics: METRICS } });
    await Promise.all([doubled.until((m) => m.sync !== undefined), base.until((m) => m.sync !== undefined)]);
    interval(100, 300);
    interval(200);
    const head = BigInt(recorder.stats().head);
    const merged = samplesOf(await doubled.until((m) => m.watermark === head));
    expect(merged.map(row)).toEqual([
      "fixture.io.ops [0s, 2s) counter=3",
      "fixture.io.ops_rate [0s, 2s) gauge=1.5",
      "fixture.io.latency [0s, 2s) histogram count=3",
    ]);
    const h = new ExponentialHistogram();
    for (const v of [100, 300, 200]) h.record(v);
    expect(merged[2]!.histogram).toEqual(h.toProto());
    const baseSamples = samplesOf(await base.until((m) => m.watermark === head));
    expect(baseSamples.map(row)).toEqual([
      "fixture.io.ops [0s, 1s) counter=2", "fixture.io.ops_rate [0s, 1s) gauge=2", "fixture.io.latency [0s, 1s) histogram count=2",
      "fixture.io.ops [1s, 2s) counter=3", "fixture.io.ops_rate [1s, 2s) gauge=1", "fixture.io.latency [1s, 2s) histogram count=1",
    ]);
    doubled.cancel();
    base.cancel();
  });

  it("should build a new interval's first windows from the retained base samples", async () => {
    interval(100);
    interval(100, 100, 100);
    interval(100);
    const stream = openStream(server.client(), { mode: Mode.MODE_STREAM, sampleIntervalNs: 2n * S, selector: { metrics: METRICS } });
    const initial = samplesOf(await stream.until((m) => m.sync !== undefined));
    expect(initial.map(row)).toEqual([
      "fixture.io.ops [0s, 2s) counter=4",
      "fixture.io.ops_rate [0s, 2s) gauge=2",
      "fixture.io.latency [0s, 2s) histogram count=4",
    ]);
    interval(100, 100);
    const head = BigInt(recorder.stats().head);
    const live = samplesOf(await stream.until((m) => m.watermark === head)).slice(3);
    expect(live.map(row)).toEqual([
      "fixture.io.ops [2s, 4s) counter=7",
      "fixture.io.ops_rate [2s, 4s) gauge=1.5",
      "fixture.io.latency [2s, 4s) histogram count=3",
    ]);
    stream.cancel();
  });

  it("should serve exactly Limits.max_sample_intervals distinct intervals at once, the base one included", async () => {
    recorder.close();
    await server.close();
    recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, now: () => clock, maxSampleIntervals: 3 });
    server = await startTelemetryServer(recorder.subscribe, { principal: OPERATOR });
    expect(recorder.limits().maxSampleIntervals).toBe(3);
    const open = (multiple: bigint) => openStream(server.client(), { mode: Mode.MODE_STREAM, sampleIntervalNs: multiple * S });
    const served = [open(1n), open(2n), open(3n), open(2n)];
    await Promise.all(served.map((s) => s.until((m) => m.sync !== undefined)));
    const refused = await open(4n).done;
    expect(refused).toMatchObject({ code: status.RESOURCE_EXHAUSTED });
    expect(refused!.message).toContain("Limits.max_sample_intervals");
    expect(refused).toMatchObject({
      reasonName: "ERROR_REASON_LIMIT_EXCEEDED", metadata: { limit: "max_sample_intervals" }, retryDelayMs: undefined,
    });
    for (const stream of served) stream.cancel();
  });
});

