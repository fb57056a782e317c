import { rpc } from "@strata/sdk/contracts";
import type { StrataError } from "@strata/sdk/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IDLE_CREDIT_MS } from "./rate-lane.js";
import { RateScheduler, type RateLimit } from "./rate-scheduler.js";

let seq = 0;
const urgency = (priority = 2) => ({ priority, deadlineMs: Infinity, seq: seq++ });

describe("RateScheduler", () => {
  let scheduler: RateScheduler;
  const admitted: Array<[string, number]> = [];
  const admit = (name: string, limits: RateLimit[], options: { priority?: number; signal?: AbortSignal } = {}) =>
    scheduler.admit({ limits, urgency: urgency(options.priority), signal: options.signal ?? new AbortController().signal, what: name })
      .then(() => { admitted.push([name, Date.now()]); });

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    admitted.length = 0;
    scheduler = new RateScheduler(2000, () => Date.now());
  });
  afterEach(() => {
    scheduler.close();
    vi.useRealTimers();
  });

  it("should let requests through at the lane's rate after at most the idle credit", async () => {
    const iops = { key: "volume:v/ops", cost: 1, ratePerSecond: 50 };
    const all = Array.from({ length: 90 }, (_, i) => admit(`r${i}`, [iops]));
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(all);
    // Every window of one second sees at most the rate plus the banked credit.
    for (let start = 0; start <= 1000; start += 10) {
      const inWindow = admitted.filter(([, t]) => t >= start && t < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(50 + (50 * IDLE_CREDIT_MS) / 1000);
    }
    expect(admitted.at(-1)![1]).toBeGreaterThanOrEqual(1700);
  });

  it("should pay a large request's cost before it runs", async () => {
    const bytes = (cost: number) => ({ key: "volume:v/bytes", cost, ratePerSecond: 1000 });
    void admit("big", [bytes(500)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(admitted).toEqual([]);
    await vi.advanceTimersByTimeAsync(500 - IDLE_CREDIT_MS);
    expect(admitted).toEqual([["big", 500 - IDLE_CREDIT_MS]]);
  });

  it("should wait for the later of the volume's and the tenant's eligible times", async () => {
    const volume = { key: "volume:v/ops", cost: 1, ratePerSecond: 1000 };
    const tenant = { key: "tenant:t/ops", cost: 1, ratePerSecond: 10 };
    const all = Array.from({ length: 3 }, (_, i) => admit(`r${i}`, [volume, tenant]));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(admitted.map(([, t]) => t)).toEqual([20, 120, 220]);
  });

  it("should serve a more urgent request first when both wait on one lane", async () => {
    const tenant = { key: "tenant:t/ops", cost: 1, ratePerSecond: 20 };
    const all = [admit("first", [tenant]), admit("low", [tenant], { priority: 1 }), admit("critical", [tenant], { priority: 4 })];
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(admitted.map(([name]) => name)).toEqual(["first", "critical", "low"]);
  });

  it("should refuse with THROTTLED and a retry delay when the wait would pass the bound", async () => {
    const slow = { key: "volume:v/ops", cost: 1, ratePerSecond: 1 };
    const all = [admit("a", [slow]), admit("b", [slow])];
    const refused = await admit("c", [slow]).catch((e: StrataError) => e);
    expect(refused).toMatchObject({ code: rpc.Code.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_THROTTLED" });
    expect((refused as StrataError).retryDelayMs).toBe(3000 - IDLE_CREDIT_MS - 2000);
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(all);
    expect(admitted.map(([name]) => name)).toEqual(["a", "b"]);
  });

  it("should refuse a request overtaken until the bound instead of letting it wait longer", async () => {
    const lane = { key: "tenant:t/ops", cost: 1, ratePerSecond: 2 };
    const low = admit("low", [lane], { priority: 1 }).catch((e: StrataError) => e);
    for (let i = 0; i < 5; i++) {
      void admit(`critical${i}`, [lane], { priority: 4 }).catch(() => undefined);
      await vi.advanceTimersByTimeAsync(400);
    }
    expect(await low).toMatchObject({ code: rpc.Code.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_THROTTLED" });
  });

  it("should stop waiting with CANCELLED when the caller aborts", async () => {
    const slow = { key: "volume:v/ops", cost: 1, ratePerSecond: 1 };
    const controller = new AbortController();
    const waiting = admit("a", [slow], { signal: controller.signal }).catch((e: StrataError) => e);
    controller.abort();
    expect(await waiting).toMatchObject({ code: rpc.Code.CANCELLED });
    // The aborted request left no backlog behind it.
    void admit("b", [slow]);
    await vi.advanceTimersByTimeAsync(1000 - IDLE_CREDIT_MS);
    expect(admitted).toEqual([["b", 1000 - IDLE_CREDIT_MS]]);
  });

  it("should let requests without limits through at once", async () => {
    await admit("free", []);
    expect(admitted).toEqual([["free", 0]]);
  });
});
