import { hub, telemetry } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { createStitcher, type StitcherOptions } from "./create-stitcher.js";
import { COMPUTE, hop, MS, NETWORK, STORAGE, T0 } from "./fixtures/hops.js";

const R = hub.IncompleteReason;

/** A stitcher on a clock the test moves, ms; judgement times are T0 plus that clock. */
function clocked(options: StitcherOptions = {}) {
  const clock = { ms: 0 };
  const stitcher = createStitcher({ settleMs: 100, now: () => clock.ms, epochNs: () => T0 + BigInt(clock.ms * MS), ...options });
  return { clock, stitcher };
}

const trace = (n: number) => n.toString(16).padStart(32, "0");

describe("createStitcher()", () => {
  it("should hold a transaction open until settleMs after its last record, whatever order its records arrive in", () => {
    const { clock, stitcher } = clocked();
    stitcher.ingestHop(hop(2, 1, STORAGE, 2, 3)); // the child's record often arrives first: it ends first
    clock.ms = 60;
    stitcher.ingestHop(hop(1, undefined, COMPUTE, 0, 10));
    clock.ms = 150;
    expect(stitcher.judgeSettled()).toEqual([]);
    clock.ms = 160;
    const [judged] = stitcher.judgeSettled();
    expect(judged).toMatchObject({ complete: true, durationNs: 10 * MS, judgedAtUnixNano: T0 + 160n * BigInt(MS) });
    expect(judged!.hops.map((h) => h.layer)).toEqual([COMPUTE, STORAGE]);
    expect(stitcher.stats()).toMatchObject({ open: 0, judged: 1, complete: 1, incomplete: 0 });
  });

  it("should attach a record that arrives after its transaction was judged to it, never open a second transaction", () => {
    const { clock, stitcher } = clocked();
    stitcher.ingestHop(hop(1, undefined, COMPUTE, 0, 10));
    clock.ms = 200;
    const [judged] = stitcher.judgeSettled();
    const [shares, criticalPath] = [judged!.shares, judged!.criticalPath];
    stitcher.ingestHop(hop(2, 1, NETWORK, 1, 2));
    clock.ms = 400;
    expect(stitcher.judgeSettled()).toEqual([]);
    const stored = stitcher.store.get("a".repeat(32))!.transaction;
    expect(stored.lateRecords).toBe(1);
    expect(stored.hops.map((h) => [h.layer, h.late ?? false])).toEqual([[COMPUTE, false], [NETWORK, true]]);
    // What was counted for it stays: the late hop is in neither its shares nor its critical path.
    expect([stored.shares, stored.criticalPath]).toEqual([shares, criticalPath]);
    expect(stitcher.stats()).toMatchObject({ judged: 1, lateRecords: 1 });
  });

  it("should judge the least recently active transaction at once as EVICTED when a new one would pass the cap", () => {
    const { clock, stitcher } = clocked({ maxOpenTransactions: 2 });
    for (const n of [1, 2]) stitcher.ingestHop(hop(1, undefined, COMPUTE, 0, 10, { traceKey: trace(n) }));
    clock.ms = 10;
    stitcher.ingestHop(hop(2, 1, STORAGE, 1, 1, { traceKey: trace(1) })); // trace 1 is active again: trace 2 goes first
    stitcher.ingestHop(hop(1, undefined, COMPUTE, 0, 10, { traceKey: trace(3) }));
    const judged = stitcher.judgeSettled();
    expect(judged.map((t) => [t.traceKey, t.complete, t.reasons])).toEqual([[trace(2), false, [R.INCOMPLETE_REASON_EVICTED]]]);
    expect(stitcher.stats().open).toBe(2);
  });

  it("should keep at most maxHopsPerTransaction hops and judge the transaction TOO_MANY_HOPS", () => {
    const { clock, stitcher } = clocked({ maxHopsPerTransaction: 2 });
    stitcher.ingestHop(hop(1, undefined, COMPUTE, 0, 10));
    for (const n of [2, 3, 4]) stitcher.ingestHop(hop(n, 1, STORAGE, n, 1));
    clock.ms = 500;
    const [judged] = stitcher.judgeSettled();
    expect(judged).toMatchObject({ complete: false, reasons: [R.INCOMPLETE_REASON_TOO_MANY_HOPS], droppedHops: 2 });
    expect(judged!.hops).toHaveLength(2);
  });

  it("should judge incomplete (GAP) what a disturbance touched: open during it, or first seen within settleMs after it", () => {
    const { clock, stitcher } = clocked();
    const whole = (n: number) => stitcher.ingestHop(hop(1, undefined, COMPUTE, 0, 10, { traceKey: trace(n) }));
    whole(1);
    stitcher.disturbances.begin("storage-1"); // the hub lost its stream to an endpoint
    clock.ms = 50;
    stitcher.disturbances.end("storage-1", clock.ms); // and resumed it
    clock.ms = 140;
    whole(2); // first seen within settleMs of the end: hops may have been lost
    clock.ms = 300;
    whole(3); // long after: untouched
    clock.ms = 360;
    stitcher.disturbances.pulse("network-1", clock.ms); // a Gap while 3 is open
    clock.ms = 500;
    whole(4);
    clock.ms = 1000;
    const verdicts = Object.fromEntries(stitcher.judgeSettled().map((t) => [t.traceKey, t.reasons]));
    expect(verdicts).toEqual({
      [trace(1)]: [R.INCOMPLETE_REASON_GAP], [trace(2)]: [R.INCOMPLETE_REASON_GAP], [trace(3)]: [R.INCOMPLETE_REASON_GAP], [trace(4)]: [],
    });
  });

  it("should take request records as the layers send them and leave untraced ones out of every transaction", () => {
    const { clock, stitcher } = clocked();
    const record = (span: number, parent?: number) => telemetry.RequestRecord.fromPartial({
      traceId: Buffer.alloc(16, 7), spanId: Buffer.alloc(8, span), parentSpanId: parent ? Buffer.alloc(8, parent) : Buffer.alloc(0),
      layer: COMPUTE, tenantId: "t1", applicationId: "shop", startTimeUnixNano: T0, durationNs: 5n,
    });
    stitcher.ingest(record(1));
    stitcher.ingest(record(2, 1));
    stitcher.ingest(telemetry.RequestRecord.fromPartial({ layer: STORAGE, tenantId: "t1", applicationId: "shop" }));
    clock.ms = 500;
    const [judged] = stitcher.judgeSettled();
    expect(judged).toMatchObject({ traceKey: "07".repeat(16), complete: true });
    expect(judged!.hops.map((h) => [h.spanKey, h.parentKey])).toEqual([["01".repeat(8), ""], ["02".repeat(8), "01".repeat(8)]]);
    expect(stitcher.stats().untracedRecords).toBe(1);
  });
});
