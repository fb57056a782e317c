import { afterEach, describe, expect, it } from "vitest";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER } from "../testing/fixture-layer.js";
import type { RequestInput } from "./request-input.js";
import { OVERFLOW_ATTRIBUTES, OVERFLOW_ID } from "./series-cap.js";
import type { TelemetryRecorder, TelemetryRecorderOptions } from "./telemetry-recorder.js";
import { ClockedRecorder, SECOND, T0 } from "./testing/clocked-recorder.js";

const request = (tenantId: string, applicationId: string, overrides: Partial<RequestInput> = {}): RequestInput => ({
  layer: FIXTURE_LAYER, operation: "read", resourceId: "r-1", tenantId, applicationId,
  startTimeUnixNano: T0, durationNs: 1000, payloadBytes: 10, statusCode: 0, ...overrides,
});

describe("the per-tenant series cap and the series start time", () => {
  const t = new ClockedRecorder();
  let recorder: TelemetryRecorder;
  const start = async (options: Partial<TelemetryRecorderOptions>) => { recorder = await t.start(options); };
  const tick = () => t.tick(SECOND, { metrics: ["fixture.io.ops", "fixture.io.queue_depth"] });

  afterEach(() => t.close());

  it("should fold a tenant's series beyond the cap into one overflow series per metric, and leave other tenants alone", async () => {
    await start({ maxSeriesPerTenant: 3 });
    for (let i = 0; i < 10; i++) recorder.record(request("t1", `app-${i}`));
    recorder.record(request("t2", "app-0"));
    const ops = (await tick()).filter((s) => s.metric === "fixture.io.ops");
    expect(ops.map((s) => [s.tenantId, s.applicationId, s.resourceId, s.attributes, s.counter?.value])).toEqual([
      ["t1", "app-0", "r-1", { operation: "read" }, 1],
      ["t1", "app-1", "r-1", { operation: "read" }, 1],
      ["t1", "app-2", "r-1", { operation: "read" }, 1],
      ["t1", OVERFLOW_ID, OVERFLOW_ID, OVERFLOW_ATTRIBUTES, 7],
      ["t2", "app-0", "r-1", { operation: "read" }, 1],
    ]);
  });

  it("should fold requests in flight beyond the cap into the overflow series' queue depth", async () => {
    await start({ maxSeriesPerTenant: 2 });
    const done = ["a", "b", "c", "d"].map((app) => recorder.trackInFlight("t1", app, "r-1"));
    t.clock += SECOND / 2n;
    for (const finish of done) finish();
    t.clock -= SECOND / 2n;
    const depth = (await tick()).filter((s) => s.metric === "fixture.io.queue_depth");
    expect(depth.map((s) => [s.applicationId, s.attributes, s.gauge?.value])).toEqual([
      ["a", {}, 0.5], ["b", {}, 0.5], [OVERFLOW_ID, OVERFLOW_ATTRIBUTES, 1],
    ]);
  });

  it("should keep memory bounded however many application ids callers invent", async () => {
    await start({ maxSeriesPerTenant: 50 });
    for (let i = 0; i < 20_000; i++) {
      recorder.record(request(`t${i % 2}`, `invented-${i}`, { resourceId: `r-${i}` }));
      recorder.trackInFlight(`t${i % 2}`, `invented-${i}`, `r-${i}`)();
    }
    expect(recorder.stats().aggregatedSeries).toBeLessThanOrEqual(2 * (50 + 1) * 2);
    const samples = await tick();
    const perMetric = new Map<string, number>();
    for (const s of samples) perMetric.set(`${s.tenantId} ${s.metric}`, (perMetric.get(`${s.tenantId} ${s.metric}`) ?? 0) + 1);
    expect([...perMetric.values()].every((n) => n <= 51)).toBe(true);
  });

  it("should give the place of the series idle the longest to a new series before folding anything", async () => {
    await start({ maxSeriesPerTenant: 2 });
    recorder.record(request("t1", "a"));
    await tick();
    recorder.record(request("t1", "b"));
    await tick();
    await tick();
    await tick(); // a and b idle, a the longer
    recorder.record(request("t1", "c"));
    recorder.record(request("t1", "b"));
    recorder.record(request("t1", "a"));
    const ops = (await tick()).filter((s) => s.metric === "fixture.io.ops");
    expect(ops.map((s) => [s.applicationId, s.counter?.value, s.counter?.seriesStartTimeUnixNano])).toEqual([
      ["b", 2, T0 + SECOND], // its place was not needed: it still counts from its start
      ["c", 1, T0 + 4n * SECOND], // took the place of a, idle the longest
      [OVERFLOW_ID, 1, T0 + 4n * SECOND], // a came back to a full tenant whose series are all busy
    ]);
  });

  it("should give a new resource's owner series the place of an idle series, never the overflow series", async () => {
    await start({ maxSeriesPerTenant: 4 });
    for (const app of ["a", "b", "c", "d"]) recorder.record(request("t1", app));
    await tick();
    await tick(); // a to d idle: the tenant is at its cap
    recorder.registerGauges(() => [{ metric: "fixture.resource.utilization", tenantId: "t1", applicationId: "owner", resourceId: "r-new", value: 1 }]);
    const ops = (await tick()).filter((s) => s.metric === "fixture.io.ops");
    expect(ops.filter((s) => s.resourceId === "r-new").map((s) => [s.applicationId, s.attributes])).toEqual([
      ["owner", { operation: "read" }], ["owner", { operation: "write" }],
    ]);
    expect(ops.some((s) => s.applicationId === OVERFLOW_ID)).toBe(false);
  });

  it("should keep memory bounded while callers invent new ids interval after interval", async () => {
    await start({ maxSeriesPerTenant: 100 });
    for (let interval = 0; interval < 30; interval++) {
      for (let i = 0; i < 300; i++) {
        const app = `invented-${interval}-${i}`;
        recorder.record(request("t1", app));
        recorder.trackInFlight("t1", app, "r-1")();
      }
      t.clock += SECOND;
      recorder.flush();
    }
    expect(recorder.stats().aggregatedSeries).toBeLessThanOrEqual(2 * (100 + 1));
    expect(recorder.stats().latestSeries).toBeLessThanOrEqual((100 + 1) * FIXTURE_CATALOGUE.metrics.length);
  });

  it("should keep a counter's series start time on every sample, and give a series begun anew a new one", async () => {
    await start({ forgetAfterIntervals: 2 });
    recorder.record(request("t1", "a"));
    const first = (await tick()).find((s) => s.metric === "fixture.io.ops")!;
    recorder.record(request("t1", "a"));
    const second = (await tick()).find((s) => s.metric === "fixture.io.ops")!;
    expect(first.counter!.seriesStartTimeUnixNano).toBe(T0);
    expect(second.counter).toEqual({ value: 2, seriesStartTimeUnixNano: T0 });
    for (let i = 0; i < 9; i++) await tick(); // idle: the series ends and is forgotten
    recorder.record(request("t1", "a"));
    const restarted = (await tick()).find((s) => s.metric === "fixture.io.ops")!;
    expect(restarted.counter!.value).toBe(1);
    expect(restarted.counter!.seriesStartTimeUnixNano).toBe(restarted.startTimeUnixNano);
    expect(restarted.counter!.seriesStartTimeUnixNano).toBeGreaterThan(T0);
  });
});
