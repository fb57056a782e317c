import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { Mode } from "../gen/strata/telemetry/v1/telemetry.js";
import { ExponentialHistogram } from "./exponential-histogram.js";
import type { RequestInput } from "./request-input.js";
import { createTelemetryRecorder, type TelemetryRecorder, type TelemetryRecorderOptions } from "./telemetry-recorder.js";
import { OPERATOR, startTelemetryServer, type TelemetryTestServer } from "./testing/start-telemetry-server.js";
import { readOnce } from "./testing/stream-reader.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER, FIXTURE_METRICS } from "../testing/fixture-layer.js";
import type { MetricDefinition } from "./metric-catalogue.js";

const SECOND = 1_000_000_000n;
const T0 = 1_700_000_000n * SECOND;

function read(overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    layer: FIXTURE_LAYER, operation: "read", resourceId: "v1", tenantId: "t1", applicationId: "a",
    startTimeUnixNano: T0, durationNs: 100, payloadBytes: 4096, statusCode: 0, ...overrides,
  };
}

/** A sample as a compact row: metric, series and value. */
function row(s: MetricSample): string {
  const value = s.counter ? `counter=${s.counter.value}` : s.gauge ? `gauge=${s.gauge.value}` : `histogram count=${s.histogram!.count} sum=${s.histogram!.sum}`;
  const attrs = Object.entries(s.attributes).map(([k, v]) => `${k}=${v}`).join(",");
  return `${s.metric} ${s.tenantId}/${s.applicationId}/${s.resourceId}${attrs ? ` {${attrs}}` : ""} ${value}`;
}

describe("createTelemetryRecorder()", () => {
  let clock = T0;
  let recorder: TelemetryRecorder;
  let server: TelemetryTestServer;

  async function start(options: Partial<TelemetryRecorderOptions> = {}) {
    clock = T0;
    recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, now: () => clock, ...options });
    server = await startTelemetryServer(recorder.subscribe, { principal: OPERATOR });
  }

  /** Moves the clock on (default to the end of a one-second interval), ends the interval, returns its samples. */
  async function tick(advance = SECOND): Promise<MetricSample[]> {
    const before = recorder.stats().head;
    clock += advance;
    recorder.flush();
    const messages = await readOnce(server.client(), { mode: Mode.MODE_ONCE, selector: { includeRecords: true } });
    return messages.flatMap((m) => m.batch?.samples ?? []).filter((s) => Number(s.sequence) > before);
  }

  afterEach(async () => {
    recorder.close();
    await server.close();
  });

  it("should log records and samples under one sequence starting at 1", async () => {
    await start();
    recorder.record(read({ durationNs: 100 }));
    recorder.record(read({ durationNs: 200 }));
    recorder.record(read({ operation: "write", statusCode: status.NOT_FOUND, payloadBytes: 0 }));
    const samples = await tick();
    const messages = await readOnce(server.client(), { mode: Mode.MODE_ONCE, selector: { includeRecords: true } });
    const records = messages.flatMap((m) => m.batch?.records ?? []);
    expect(records.map((r) => [r.sequence, r.operation, r.statusCode, r.durationNs, r.payloadBytes])).toEqual([
      [1n, "read", 0, 100n, 4096n], [2n, "read", 0, 200n, 4096n], [3n, "write", 5, 100n, 0n],
    ]);
    expect(records[0]).toMatchObject({ startTimeUnixNano: T0, layer: FIXTURE_LAYER, tenantId: "t1", applicationId: "a", resourceId: "v1" });
    expect(samples.map((s) => s.sequence)).toEqual([4n, 5n, 6n, 7n, 8n]);
  });

  it("should sample counters, rates and the latency histogram of completed requests only", async () => {
    await start();
    for (const durationNs of [100, 200, 300]) recorder.record(read({ durationNs }));
    recorder.record(read({ statusCode: status.UNAVAILABLE, payloadBytes: 0, durationNs: 9999 }));
    const first = await tick();
    expect(first.map(row)).toEqual([
      "fixture.io.ops t1/a/v1 {operation=read} counter=3",
      "fixture.io.bytes t1/a/v1 {operation=read} counter=12288",
      "fixture.io.ops_rate t1/a/v1 {operation=read} gauge=3",
      "fixture.io.bytes_rate t1/a/v1 {operation=read} gauge=12288",
      "fixture.io.latency t1/a/v1 {operation=read} histogram count=3 sum=600",
    ]);
    expect(first[4]!.histogram).toEqual(histogramOf([100, 200, 300]));
    expect(first[0]).toMatchObject({ unit: "{op}", layer: FIXTURE_LAYER, startTimeUnixNano: T0, timeUnixNano: T0 + SECOND });
    recorder.record(read());
    const second = await tick();
    expect(second.map(row).slice(0, 3)).toEqual([
      "fixture.io.ops t1/a/v1 {operation=read} counter=4",
      "fixture.io.bytes t1/a/v1 {operation=read} counter=16384",
      "fixture.io.ops_rate t1/a/v1 {operation=read} gauge=1",
    ]);
    expect(second[0]).toMatchObject({ startTimeUnixNano: T0 + SECOND, timeUnixNano: T0 + 2n * SECOND });
  });

  it("should sum the records' measurements a catalogue names, and histogram them, for completed requests only", async () => {
    const measured: MetricDefinition[] = [
      { name: "fixture.work.time", kind: "counter", unit: "ns", attributes: ["operation"], source: "measurement-sum", measurement: "work_ns", description: "work time" },
      { name: "fixture.work.wait", kind: "histogram", unit: "ns", attributes: ["operation"], source: "measurement-histogram", measurement: "wait_ns", description: "waits" },
      { name: "fixture.work.waited", kind: "counter", unit: "ns", attributes: ["operation"], source: "measurement-sum", measurement: "wait_ns", description: "total wait" },
    ];
    await start({ catalogue: { ...FIXTURE_CATALOGUE, metrics: [...FIXTURE_METRICS, ...measured] } });
    recorder.record(read({ measurements: { work_ns: 1000, wait_ns: 10, unknown_ns: 5 } }));
    recorder.record(read({ measurements: { work_ns: 3000, wait_ns: 0 } }));
    recorder.record(read({}));
    recorder.record(read({ statusCode: status.UNAVAILABLE, payloadBytes: 0, measurements: { work_ns: 99_999, wait_ns: 99_999 } }));
    const first = (await tick()).filter((s) => s.metric.startsWith("fixture.work."));
    expect(first.map(row)).toEqual([
      "fixture.work.time t1/a/v1 {operation=read} counter=4000",
      "fixture.work.waited t1/a/v1 {operation=read} counter=10",
      "fixture.work.wait t1/a/v1 {operation=read} histogram count=2 sum=10",
    ]);
    expect(first[2]!.histogram).toEqual(histogramOf([10, 0]));
    recorder.record(read({ measurements: { work_ns: 500 } }));
    const second = (await tick()).filter((s) => s.metric.startsWith("fixture.work."));
    expect(second.map(row)).toEqual([
      "fixture.work.time t1/a/v1 {operation=read} counter=4500",
      "fixture.work.waited t1/a/v1 {operation=read} counter=10",
      "fixture.work.wait t1/a/v1 {operation=read} histogram count=0 sum=0",
    ]);
    const messages = await readOnce(server.client(), { mode: Mode.MODE_ONCE, selector: { includeRecords: true } });
    const records = messages.flatMap((m) => m.batch?.records ?? []);
    expect(records.map((r) => r.measurements)).toEqual([
      { work_ns: 1000n, wait_ns: 10n, unknown_ns: 5n }, { work_ns: 3000n, wait_ns: 0n }, {}, { work_ns: 99_999n, wait_ns: 99_999n }, { work_ns: 500n },
    ]);
  });

  it("should refuse a measurement metric that names no measurement", () => {
    const metrics = [...FIXTURE_METRICS, { name: "fixture.work.time", kind: "counter", unit: "ns", attributes: [], source: "measurement-sum", description: "x" } as const];
    expect(() => createTelemetryRecorder({ catalogue: { ...FIXTURE_CATALOGUE, metrics } })).toThrow(/fixture\.work\.time: source measurement-sum needs the measurement/);
  });

  it("should publish every row for the owner of a resource a gauge provider reports, idle or not", async () => {
    await start();
    recorder.registerGauges(() => [{
      metric: "fixture.resource.utilization", tenantId: "t1", applicationId: "a", resourceId: "v1", value: 12.5,
    }]);
    const samples = await tick();
    expect(samples.map(row)).toEqual([
      "fixture.resource.utilization t1/a/v1 gauge=12.5",
      ...["read", "write"].flatMap((op) => [
        `fixture.io.ops t1/a/v1 {operation=${op}} counter=0`,
        `fixture.io.bytes t1/a/v1 {operation=${op}} counter=0`,
        `fixture.io.ops_rate t1/a/v1 {operation=${op}} gauge=0`,
        `fixture.io.bytes_rate t1/a/v1 {operation=${op}} gauge=0`,
        `fixture.io.latency t1/a/v1 {operation=${op}} histogram count=0 sum=0`,
      ]),
      "fixture.io.queue_depth t1/a/v1 gauge=0",
    ]);
    expect(samples[0]!.unit).toBe("%");
  });

  it("should publish only the provider's value for a resource it marks as having no data path of its own", async () => {
    await start();
    recorder.registerGauges(() => [{
      metric: "fixture.resource.utilization", tenantId: "t1", applicationId: "a", resourceId: "part-1", value: 3, dataPath: false,
    }]);
    expect((await tick()).map(row)).toEqual(["fixture.resource.utilization t1/a/part-1 gauge=3"]);
  });

  it("should publish another application's rows on a reported resource only in intervals with requests", async () => {
    await start();
    recorder.registerGauges(() => [{
      metric: "fixture.resource.utilization", tenantId: "t1", applicationId: "a", resourceId: "v1", value: 1,
    }]);
    recorder.record(read({ applicationId: "b" }));
    expect((await tick()).filter((s) => s.applicationId === "b").map(row)).toHaveLength(5);
    expect((await tick()).filter((s) => s.applicationId === "b")).toEqual([]);
  });

  it("should keep sending counters and zero rates for 5 intervals after a series on an unreported resource goes idle", async () => {
    await start();
    recorder.record(read());
    expect(await tick()).toHaveLength(5);
    for (let idle = 1; idle <= 5; idle++) {
      expect((await tick()).map(row)).toEqual([
        "fixture.io.ops t1/a/v1 {operation=read} counter=1",
        "fixture.io.bytes t1/a/v1 {operation=read} counter=4096",
        "fixture.io.ops_rate t1/a/v1 {operation=read} gauge=0",
        "fixture.io.bytes_rate t1/a/v1 {operation=read} gauge=0",
      ]);
    }
    expect(await tick()).toEqual([]);
  });

  it("should report queue depth as the time-weighted mean of requests in flight", async () => {
    await start();
    const first = recorder.trackInFlight("t1", "a", "v1");
    clock += 250_000_000n;
    const second = recorder.trackInFlight("t1", "a", "v1");
    clock += 250_000_000n;
    first();
    first();
    clock += 500_000_000n;
    second();
    const samples = await tick(0n);
    // 1 in flight for 250 ms, 2 for 250 ms, 1 for 500 ms: 1250 request·ms over 1000 ms.
    expect(samples.map(row)).toEqual(["fixture.io.queue_depth t1/a/v1 gauge=1.25"]);
  });

  it("should let a provider's value win over the recorder's own for the same series", async () => {
    await start();
    recorder.registerGauges(() => [{
      metric: "fixture.io.queue_depth", tenantId: "t1", applicationId: "a", resourceId: "v1", value: 7,
    }]);
    recorder.trackInFlight("t1", "a", "v1");
    const depth = (await tick()).filter((s) => s.metric === "fixture.io.queue_depth");
    expect(depth.map(row)).toEqual(["fixture.io.queue_depth t1/a/v1 gauge=7"]);
  });

  it("should keep ticking when a gauge provider throws", async () => {
    const errors: unknown[] = [];
    await start({ onProviderError: (error) => errors.push(error) });
    recorder.registerGauges(() => { throw new Error("disk gone"); });
    recorder.record(read());
    expect(await tick()).toHaveLength(5);
    expect(errors).toEqual([new Error("disk gone")]);
  });

  it("should retain only the last retainedItems items", async () => {
    await start({ retainedItems: 10 });
    for (let i = 0; i < 25; i++) recorder.record(read());
    expect(recorder.stats()).toMatchObject({ head: 25, oldest: 16 });
    expect(recorder.limits()).toMatchObject({ telemetryRetainedItems: 10n, sampleIntervalNs: 1_000_000_000n });
  });

  it("should refuse a configuration no Limits field could declare, naming the option", () => {
    expect(() => createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, heartbeatDefaultMs: 10_001 })).toThrow(/heartbeatDefaultMs/);
    expect(() => createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, maxSampleIntervals: 0 })).toThrow(/maxSampleIntervals/);
    expect(() => createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, maxSeriesPerTenant: 1.5 })).toThrow(/maxSeriesPerTenant/);
  });

  it("should record nothing while disabled", async () => {
    await start();
    recorder.setEnabled(false);
    recorder.record(read());
    expect(recorder.enabled).toBe(false);
    expect(recorder.stats().head).toBe(0);
    recorder.setEnabled(true);
    recorder.record(read());
    expect(recorder.stats().head).toBe(1);
  });
});

function histogramOf(values: number[]) {
  const h = new ExponentialHistogram();
  for (const v of values) h.record(v);
  return h.toProto();
}
