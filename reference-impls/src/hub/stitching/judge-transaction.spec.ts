import { hub } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { COMPUTE, hop, MS, NETWORK, STORAGE } from "./fixtures/hops.js";
import { judgeTransaction, type JudgeContext } from "./judge-transaction.js";

const R = hub.IncompleteReason;
const calm: JudgeContext = { touched: false, evicted: false, droppedHops: 0, judgedAtUnixNano: 1n };
const span = (n: number) => n.toString(16).padStart(16, "0");

describe("judgeTransaction()", () => {
  it("should take the root's duration as end to end, each layer's self time as its share, and the child that ended last as the critical path", () => {
    // compute 0–10 ms calls the LAN 1–3 ms, then storage 4–9 ms.
    const judged = judgeTransaction([hop(3, 1, STORAGE, 4, 5), hop(1, undefined, COMPUTE, 0, 10), hop(2, 1, NETWORK, 1, 2)], calm);
    expect(judged.complete).toBe(true);
    expect(judged.reasons).toEqual([]);
    expect(judged.durationNs).toBe(10 * MS);
    expect(judged.shares).toEqual([
      { layer: NETWORK, selfNs: 2 * MS, hops: 1 }, { layer: COMPUTE, selfNs: 3 * MS, hops: 1 }, { layer: STORAGE, selfNs: 5 * MS, hops: 1 },
    ].sort((a, b) => a.layer - b.layer));
    expect(judged.shares.reduce((sum, s) => sum + s.selfNs, 0)).toBeLessThanOrEqual(judged.durationNs);
    expect(judged.criticalPath).toEqual([span(1), span(3)]);
    expect(judged.hops.map((h) => [h.spanKey, h.selfNs, h.critical])).toEqual([
      [span(1), 3 * MS, true], [span(2), 2 * MS, false], [span(3), 5 * MS, true],
    ]);
    expect([judged.tenantId, judged.applicationId, judged.rootLayer]).toEqual(["t1", "shop", COMPUTE]);
  });

  it("should count descendants that overlap once, clipped to the hop, and clamp a self time at 0", () => {
    // Two parallel storage calls 2–8 and 4–10 under a 10 ms compute hop; a LAN hop 1–10 that outlasts its parent.
    const judged = judgeTransaction([
      hop(1, undefined, COMPUTE, 0, 10), hop(2, 1, STORAGE, 2, 6), hop(3, 1, STORAGE, 4, 6), hop(4, 2, NETWORK, 1, 9),
    ], calm);
    const self = Object.fromEntries(judged.hops.map((h) => [h.spanKey, h.selfNs]));
    // The compute hop waits on its grandchild from 1 ms on: only 0–1 ms is its own.
    expect(self[span(1)]).toBe(1 * MS);
    expect(self[span(2)]).toBe(0);
    expect(judged.criticalPath).toEqual([span(1), span(3)]);
  });

  it("should not count twice a caller's wait on work that hangs under a short asynchronous hop", () => {
    // A front end 0–20 ms sends a request over the LAN (1–2 ms); the back end works 2–18 ms under that Send and
    // calls storage 5–15 ms; the front end waits for the answer. Its own time is 0–1 and 18–20 ms.
    const judged = judgeTransaction([
      hop(1, undefined, COMPUTE, 0, 20), hop(2, 1, NETWORK, 1, 1), hop(3, 2, COMPUTE, 2, 16), hop(4, 3, STORAGE, 5, 10),
    ], calm);
    const self = Object.fromEntries(judged.hops.map((h) => [h.spanKey, h.selfNs]));
    expect([self[span(1)], self[span(2)], self[span(3)], self[span(4)]]).toEqual([3 * MS, 1 * MS, 6 * MS, 10 * MS]);
    expect(judged.shares.reduce((sum, s) => sum + s.selfNs, 0)).toBe(judged.durationNs);
  });

  it("should judge a transaction without a root, with an orphan, with several roots or with a span twice incomplete, naming every reason", () => {
    const noRoot = judgeTransaction([hop(2, 1, STORAGE, 4, 5), hop(3, 2, NETWORK, 5, 1)], calm);
    expect(noRoot.complete).toBe(false);
    expect(noRoot.reasons).toEqual([R.INCOMPLETE_REASON_MISSING_ROOT, R.INCOMPLETE_REASON_MISSING_PARENT]);
    expect(noRoot.rootLayer).toBe(STORAGE);
    expect(noRoot.durationNs).toBe(5 * MS);
    expect(noRoot.criticalPath).toEqual([]);
    expect(noRoot.hops.map((h) => h.orphan)).toEqual([true, false]);

    const twoRoots = judgeTransaction([hop(1, undefined, COMPUTE, 0, 10), hop(2, undefined, NETWORK, 1, 20), hop(1, undefined, COMPUTE, 0, 10)], calm);
    expect(twoRoots.reasons).toEqual([R.INCOMPLETE_REASON_SEVERAL_ROOTS, R.INCOMPLETE_REASON_DUPLICATE_SPAN].sort((a, b) => a - b));
    expect(twoRoots.durationNs).toBe(21 * MS);
    expect(twoRoots.hops).toHaveLength(2);
  });

  it("should end on hops whose parent links form a cycle, judging them without a root", () => {
    const cycle = judgeTransaction([hop(1, 2, COMPUTE, 0, 10), hop(2, 1, STORAGE, 2, 3), hop(3, 2, NETWORK, 3, 1)], calm);
    expect(cycle.reasons).toEqual([R.INCOMPLETE_REASON_MISSING_ROOT]);
    expect(cycle.criticalPath).toEqual([]);
    // Each hop of the cycle is its own descendant: nothing of it is its own time; the leaf keeps its whole time.
    expect(cycle.hops.map((h) => [h.spanKey, h.selfNs])).toEqual([[span(1), 0], [span(2), 0], [span(3), 1 * MS]]);
  });

  it("should judge a touched, evicted or truncated transaction incomplete even when its tree is whole", () => {
    const tree = [hop(1, undefined, COMPUTE, 0, 10), hop(2, 1, STORAGE, 2, 3)];
    expect(judgeTransaction(tree, { ...calm, touched: true }).reasons).toEqual([R.INCOMPLETE_REASON_GAP]);
    expect(judgeTransaction(tree, { ...calm, evicted: true }).reasons).toEqual([R.INCOMPLETE_REASON_EVICTED]);
    expect(judgeTransaction(tree, { ...calm, droppedHops: 3 })).toMatchObject({ complete: false, reasons: [R.INCOMPLETE_REASON_TOO_MANY_HOPS], droppedHops: 3 });
  });
});
