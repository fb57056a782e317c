import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { StrataError } from "../errors/strata-error.js";
import { CallSpan, parseTraceparent } from "../server/call-span.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { DataPathRecord, statusCodeOf, UNATTRIBUTED, type DataPathStart } from "./data-path-record.js";
import type { TelemetryRecorder } from "./telemetry-recorder.js";
import { ClockedRecorder, T0 } from "./testing/clocked-recorder.js";
const CALLER_SPAN = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

describe("DataPathRecord", () => {
  const t = new ClockedRecorder();
  let recorder: TelemetryRecorder;
  const start = async () => { recorder = await t.start(); };
  const records = () => t.records();

  afterEach(() => t.close());

  const begin = (overrides: Partial<DataPathStart> = {}) => new DataPathRecord(recorder, {
    operation: "read", startTimeUnixNano: t.clock, resourceId: "r-1", tenantId: "t-caller", applicationId: undefined,
    span: new CallSpan(undefined), ...overrides,
  });

  it("should record once, timed on the recorder's clock from arrival, with the answer's status", async () => {
    await start();
    const record = begin();
    t.clock += 1500n;
    record.payloadBytes = 512;
    record.finish(status.OK);
    record.finish(status.INTERNAL);
    expect(await records()).toMatchObject([{
      startTimeUnixNano: T0, durationNs: 1500n, payloadBytes: 512n, statusCode: status.OK, layer: FIXTURE_CATALOGUE.layer, operation: "read",
    }]);
  });

  it("should carry the measurements the layer set into the record", async () => {
    await start();
    const record = begin();
    record.measurements = { work_ns: 1234, wait_ns: 0 };
    record.finish(status.OK);
    begin().finish(status.NOT_FOUND);
    expect((await records()).map((r) => r.measurements)).toEqual([{ work_ns: 1234n, wait_ns: 0n }, {}]);
  });

  it("should attribute to the caller until the resource resolves, then to its owner and the caller's application", async () => {
    await start();
    begin().finish(status.NOT_FOUND);
    begin({ applicationId: "caller-app" }).finish(status.NOT_FOUND);
    const owned = begin();
    owned.resolve({ resourceId: "r-1", tenantId: "t-owner", applicationId: "owner-app", attributes: { zone: "z1" } });
    owned.finish(status.OK);
    const named = begin({ applicationId: "caller-app" });
    named.resolve({ resourceId: "r-1", tenantId: "t-owner", applicationId: "owner-app" });
    named.finish(status.OK);
    expect((await records()).map((r) => [r.tenantId, r.applicationId, r.resourceId, r.attributes])).toEqual([
      ["t-caller", UNATTRIBUTED, "r-1", {}],
      ["t-caller", "caller-app", "r-1", {}],
      ["t-owner", "owner-app", "r-1", { zone: "z1" }],
      ["t-owner", "caller-app", "r-1", {}],
    ]);
  });

  it("should count a resolved request in flight until it finishes, and run the finish hooks with the duration", async () => {
    await start();
    const record = begin();
    record.resolve({ resourceId: "r-1", tenantId: "t1", applicationId: "a" });
    const finished: Array<[number, number]> = [];
    record.onFinish((durationNs, code) => finished.push([durationNs, code]));
    t.clock += 500_000_000n;
    record.finish(status.RESOURCE_EXHAUSTED);
    const depth = await t.tick(500_000_000n, { metrics: ["fixture.io.queue_depth"] });
    expect(depth.map((s) => [s.resourceId, s.gauge?.value])).toEqual([["r-1", 0.5]]);
    expect(finished).toEqual([[500_000_000, status.RESOURCE_EXHAUSTED]]);
  });

  it("should carry its own span under the caller's, and empty trace fields when untraced", async () => {
    await start();
    const traced = new CallSpan(parseTraceparent(CALLER_SPAN));
    begin({ span: traced }).finish(status.OK);
    begin().finish(status.OK);
    const [withTrace, without] = await records();
    expect(withTrace!.traceId.toString("hex")).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(withTrace!.parentSpanId.toString("hex")).toBe("b7ad6b7169203331");
    expect(withTrace!.spanId).toEqual(traced.spanId);
    expect(withTrace!.spanId.toString("hex")).not.toBe("b7ad6b7169203331");
    expect(without).toMatchObject({ traceId: Buffer.alloc(0), spanId: Buffer.alloc(0), parentSpanId: Buffer.alloc(0) });
  });

  it("should carry a trace the layer started by calling another layer, as its root", async () => {
    await start();
    const span = new CallSpan(undefined);
    const record = begin({ span });
    const sent = span.traceparent();
    record.finish(status.OK);
    const [root] = await records();
    expect(sent).toBe(`00-${root!.traceId.toString("hex")}-${root!.spanId.toString("hex")}-01`);
    expect(root!.traceId).toHaveLength(16);
    expect(root!.parentSpanId).toHaveLength(0);
  });
});

describe("statusCodeOf()", () => {
  it("should take a StrataError's code and make anything else INTERNAL", () => {
    expect(statusCodeOf(StrataError.notFound("resource", "r-1"))).toBe(status.NOT_FOUND);
    expect(statusCodeOf(new Error("bug"))).toBe(status.INTERNAL);
  });
});
