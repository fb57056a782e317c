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
