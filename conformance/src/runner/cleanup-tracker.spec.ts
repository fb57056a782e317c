import { describe, expect, it } from "vitest";
import { createCleanupTracker } from "./cleanup-tracker.js";

describe("createCleanupTracker()", () => {
  it("should run cleanups newest first and keep going after one fails", async () => {
    const tracker = createCleanupTracker();
    const order: string[] = [];
    tracker.track(() => order.push("volume"), "DeleteVolume vol-1");
    tracker.track(() => { throw new Error("gone wrong"); }, "UnmapVolume vol-1");
    tracker.track(async () => { order.push("policy"); }, "DeleteQosPolicy p-1");
    expect(await tracker.runAll(1000)).toEqual(["UnmapVolume vol-1: Error: gone wrong"]);
    expect(order).toEqual(["policy", "volume"]);
    expect(await tracker.runAll(1000)).toEqual([]);
  });

  it("should give up on a cleanup that does not finish in time", async () => {
    const tracker = createCleanupTracker();
    tracker.track(() => new Promise(() => {}));
    expect(await tracker.runAll(20)).toEqual(["cleanup #1: Error: did not finish within 20 ms"]);
  });
});

describe("createCleanupTracker().trackPending()", () => {
  it("should undo what a call made once it answers, in the order it was registered", async () => {
    const tracker = createCleanupTracker();
    const order: string[] = [];
    tracker.track(() => order.push("older"));
    let answer!: (id: string) => void;
    const call = tracker.trackPending(new Promise<string>((resolve) => { answer = resolve; }), (id) => order.push(`delete ${id}`), "DeleteThing");
    tracker.track(() => order.push("newer"));
    setTimeout(() => answer("t-1"), 10);
    expect(await tracker.runAll(1000)).toEqual([]);
    expect(order).toEqual(["newer", "delete t-1", "older"]);
    expect(await call).toBe("t-1");
  });

  it("should undo nothing for a call that failed", async () => {
    const tracker = createCleanupTracker();
    const undone: string[] = [];
    tracker.trackPending(Promise.reject(new Error("refused")), () => undone.push("x")).catch(() => undefined);
    expect(await tracker.runAll(1000)).toEqual([]);
    expect(undone).toEqual([]);
  });

  it("should undo a call answered only after the cleanups gave up on it", async () => {
    const tracker = createCleanupTracker();
    const undone: string[] = [];
    let answer!: (id: string) => void;
    tracker.trackPending(new Promise<string>((resolve) => { answer = resolve; }), (id) => undone.push(id), "DeleteThing");
    expect(await tracker.runAll(40)).toEqual(["DeleteThing: Error: still unanswered after 20 ms"]);
    answer("late-1");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(undone).toEqual(["late-1"]);
  });
});
