import { afterEach, describe, expect, it } from "vitest";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { Mode } from "../gen/strata/telemetry/v1/telemetry.js";
import { FIXTURE_LAYER } from "../testing/fixture-layer.js";
import type { RequestInput } from "./request-input.js";
import { ClockedRecorder, SECOND, T0 } from "./testing/clocked-recorder.js";
import { openStream, readOnce } from "./testing/stream-reader.js";

const request = (resourceId: string, overrides: Partial<RequestInput> = {}): RequestInput => ({
  layer: FIXTURE_LAYER, operation: "read", resourceId, tenantId: "t1", applicationId: "a",
  startTimeUnixNano: T0, durationNs: 1000, payloadBytes: 10, statusCode: 0, ...overrides,
});

/** A sample as "metric application{operation} value". */
const row = (s: MetricSample) => {
  const value = s.counter ? s.counter.value : s.gauge ? s.gauge.value : `histogram ${s.histogram!.count}`;
  return `${s.metric} ${s.applicationId}${s.attributes["operation"] ? `{${s.attributes["operation"]}}` : ""} ${value}`;
};

describe("TelemetryRecorder.endResource()", () => {
  const t = new ClockedRecorder();
  afterEach(() => t.close());

  it("should send one final sample of every series of a gone resource at the next tick, then nothing, and keep nothing of it", async () => {
    const recorder = await t.start();
    // A live stream sees every sample logged; a MODE_ONCE read would show only the latest ones.
    const stream = openStream(t.server.client(), { mode: Mode.MODE_STREAM });
    await stream.until((m) => m.sync !== undefined);
    const tick = async () => {
      const before = recorder.stats().head;
      await t.tick();
      const head = BigInt(recorder.stats().head);
      const messages = await stream.until((m) => m.watermark >= head);
      return messages.flatMap((m) => m.batch?.samples ?? []).filter((s) => Number(s.sequence) > before);
    };
    const existing = new Set(["r-1", "r-2"]);
    recorder.registerGauges(() => [...existing].map((resourceId) => ({
      metric: "fixture.resource.utilization", tenantId: "t1", applicationId: "a", resourceId, value: 50,
    })));
    recorder.record(request("r-1"));
    recorder.record(request("r-1", { applicationId: "b" }));
    const inFlight = recorder.trackInFlight("t1", "a", "r-1");
    await tick();

    existing.delete("r-1"); // deleted: the layer's gauges no longer report it, and it says so
    recorder.endResource("r-1");
    recorder.record(request("r-1", { operation: "write" })); // answered before it went
    inFlight();
    const final = (await tick()).filter((s) => s.resourceId === "r-1");
    expect(final.map(row)).toEqual([
      "fixture.io.ops a{read} 1", "fixture.io.bytes a{read} 10", "fixture.io.ops_rate a{read} 0", "fixture.io.bytes_rate a{read} 0", "fixture.io.latency a{read} histogram 0",
      "fixture.io.ops b{read} 1", "fixture.io.bytes b{read} 10", "fixture.io.ops_rate b{read} 0", "fixture.io.bytes_rate b{read} 0", "fixture.io.latency b{read} histogram 0",
      "fixture.io.ops a{write} 1", "fixture.io.bytes a{write} 10", "fixture.io.ops_rate a{write} 1", "fixture.io.bytes_rate a{write} 10", "fixture.io.latency a{write} histogram 1",
      "fixture.io.queue_depth a 0",
    ]);

    expect((await tick()).filter((s) => s.resourceId === "r-1")).toEqual([]);
    stream.cancel();
    const initial = await readOnce(t.server.client(), { mode: Mode.MODE_ONCE });
    const resources = new Set(initial.flatMap((m) => m.batch?.samples ?? []).map((s) => s.resourceId));
    expect([...resources]).toEqual(["r-2"]);
    // r-2's owner: one request series per operation, and its queue-depth series (counted against the cap like any other).
    expect(recorder.stats().aggregatedSeries).toBe(3);
    expect(recorder.stats().latestSeries).toBe(new Set(initial.flatMap((m) => m.batch?.samples ?? []).map(row)).size);
  });

  it("should close the gone resource's windows of a longer sample interval with a final merged sample", async () => {
    const recorder = await t.start();
    const fiveSeconds = { mode: Mode.MODE_STREAM, sampleIntervalNs: 5n * SECOND, selector: { metrics: ["fixture.io.ops"] } };
    const stream = openStream(t.server.client(), fiveSeconds);
    await stream.until((m) => m.sync !== undefined);
    recorder.record(request("r-1"));
    recorder.record(request("r-2"));
    await t.tick();
    await t.tick();
    recorder.endResource("r-1");
    await t.tick();
    const merged = await stream.until((m) => m.batch?.samples.some((s) => s.resourceId === "r-1") === true);
    const finalSample = merged.flatMap((m) => m.batch?.samples ?? []).find((s) => s.resourceId === "r-1")!;
    expect(finalSample).toMatchObject({ startTimeUnixNano: T0, timeUnixNano: T0 + 3n * SECOND, counter: { value: 1 } });
    for (let i = 0; i < 5; i++) await t.tick(); // past the window's end: r-2's merged sample comes, r-1's never again
    const later = await stream.until((m) => m.batch?.samples.some((s) => s.resourceId === "r-2") === true);
    expect(later.flatMap((m) => m.batch?.samples ?? []).filter((s) => s.resourceId === "r-1")).toHaveLength(1);
    const initial = await readOnce(t.server.client(), { ...fiveSeconds, mode: Mode.MODE_ONCE });
    expect(initial.flatMap((m) => m.batch?.samples ?? []).map((s) => s.resourceId)).toEqual(["r-2"]);
    stream.cancel();
  });
});
