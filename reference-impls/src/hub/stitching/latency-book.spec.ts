import { core, hub } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { COMPUTE, hop, MS, STORAGE, T0 } from "./fixtures/hops.js";
import { TRANSACTION_COUNT, TRANSACTION_LATENCY, TRANSACTION_LAYER_TIME } from "./hub-metrics.js";
import { judgeTransaction, type JudgedTransaction } from "./judge-transaction.js";
import { LatencyBook } from "./latency-book.js";

const SECOND = 1_000_000_000n;

/** A compute → storage transaction of `totalMs` (storage takes half), judged at T0 + `atS` seconds. */
function judged(totalMs: number, atS: number, overrides: { applicationId?: string; touched?: boolean } = {}): JudgedTransaction {
  const app = { applicationId: overrides.applicationId ?? "shop" };
  return judgeTransaction([hop(1, undefined, COMPUTE, 0, totalMs, app), hop(2, 1, STORAGE, 0, totalMs / 2, app)], {
    touched: overrides.touched ?? false, evicted: false, droppedHops: 0, judgedAtUnixNano: T0 + BigInt(atS) * SECOND,
  });
}

describe("LatencyBook", () => {
  it("should merge the intervals a window overlaps into end-to-end and per-layer histograms, counting incomplete transactions apart", () => {
    const book = new LatencyBook({ intervalNs: SECOND, retainedIntervals: 60, maxApplications: 10 });
    for (let i = 1; i <= 100; i++) book.add(judged(i, i % 3));
    book.add(judged(500, 2, { touched: true }));
    const app = book.get("t1", "shop")!;
    const all = book.breakdown(app, 10n * SECOND, T0 + 3n * SECOND);
    expect([all.complete, all.incomplete]).toEqual([100, 1]);
    expect(all.reasons).toEqual(new Map([[hub.IncompleteReason.INCOMPLETE_REASON_GAP, 1]]));
    expect(all.endToEnd.count).toBe(100);
    expect(all.endToEnd.max).toBe(100 * MS);
    expect(Math.abs(all.endToEnd.quantile(0.99) - 99 * MS)).toBeLessThan(MS);
    expect([...all.layers.keys()]).toEqual([COMPUTE, STORAGE].sort((a, b) => a - b));
    expect(all.layers.get(STORAGE)!.sum + all.layers.get(COMPUTE)!.sum).toBe(all.endToEnd.sum);
    // The last second only: transactions judged at T0 + 2 s.
    const last = book.breakdown(app, SECOND, T0 + 3n * SECOND);
    expect(last.startTimeUnixNano).toBe(T0 + 2n * SECOND);
    expect([last.complete, last.incomplete]).toEqual([33, 1]);
  });

  it("should publish each closed interval once as derived samples with cumulative counts, then forget what is older than the retained intervals", () => {
    const book = new LatencyBook({ intervalNs: SECOND, retainedIntervals: 2, maxApplications: 10 });
    expect(book.closeIntervals(T0)).toEqual([]);
    book.add(judged(10, 0));
    book.add(judged(20, 0, { touched: true }));
    book.add(judged(30, 1));
    const samples = book.closeIntervals(T0 + 2n * SECOND + 5n);
    const rows = samples.map((s) => [s.metric, s.startTimeUnixNano - T0, s.layer, s.attributes["completeness"] ?? "", s.histogram?.count ?? s.counter?.value]);
    expect(rows).toEqual([
      [TRANSACTION_LATENCY, 0n, COMPUTE, "", 1n], [TRANSACTION_COUNT, 0n, COMPUTE, "complete", 1], [TRANSACTION_COUNT, 0n, COMPUTE, "incomplete", 1],
      ...[STORAGE, COMPUTE].sort((a, b) => a - b).map((layer) => [TRANSACTION_LAYER_TIME, 0n, layer, "", 1n]),
      [TRANSACTION_LATENCY, SECOND, COMPUTE, "", 1n], [TRANSACTION_COUNT, SECOND, COMPUTE, "complete", 2], [TRANSACTION_COUNT, SECOND, COMPUTE, "incomplete", 1],
      ...[STORAGE, COMPUTE].sort((a, b) => a - b).map((layer) => [TRANSACTION_LAYER_TIME, SECOND, layer, "", 1n]),
    ]);
    expect(samples[0]).toMatchObject({
      tenantId: "t1", applicationId: "shop", resourceId: "application:t1/shop", unit: "ns", attributes: { layer: core.layerToJSON(COMPUTE) },
    });
    expect(samples.filter((s) => s.counter).every((s) => s.counter!.seriesStartTimeUnixNano === T0)).toBe(true);
    expect(book.closeIntervals(T0 + 2n * SECOND + 9n)).toEqual([]);
    expect(book.closeIntervals(T0 + 4n * SECOND)).toEqual([]);
    expect(book.size).toBe(0);
  });

  it("should forget the application judged least recently when a new one would pass maxApplications", () => {
    const book = new LatencyBook({ intervalNs: SECOND, retainedIntervals: 60, maxApplications: 2 });
    for (const applicationId of ["a", "b", "a", "c"]) book.add(judged(10, 0, { applicationId }));
    expect([...book.applications()].map((a) => a.applicationId)).toEqual(["a", "c"]);
  });
});
