import { fabric } from "@strata/sdk/fabric";
import { describe, expect, it } from "vitest";
import { burst } from "../shared/burst.js";
import { createCreditfabricBackend } from "./creditfabric-backend.js";

const { TRAFFIC_CLASS_BEST_EFFORT, TRAFFIC_CLASS_LOSSLESS } = fabric.TrafficClass;

describe("createCreditfabricBackend()", () => {
  it("should discard best-effort frames that get no credit within the hold time", async () => {
    const backend = createCreditfabricBackend({ credits: 2, linkSpeedBytesPerSecond: 10_000_000, lossEvery: 0 });
    const carried = await burst(backend, 8, 20_000, TRAFFIC_CLASS_BEST_EFFORT);
    expect(carried.filter((c) => !c.delivered && c.reason === "congestion").length).toBeGreaterThan(0);
  });

  it("should deliver every lossless frame, waiting for credit and retransmitting what a link corrupts", async () => {
    const backend = createCreditfabricBackend({ credits: 2, linkSpeedBytesPerSecond: 10_000_000, lossEvery: 3 });
    const carried = await burst(backend, 8, 20_000, TRAFFIC_CLASS_LOSSLESS);
    expect(carried.every((c) => c.delivered)).toBe(true);
    expect(carried.reduce((sum, c) => sum + (c.delivered ? c.retransmissions : 0), 0)).toBeGreaterThan(0);
  });

  it("should lose a best-effort frame a link corrupts", async () => {
    const carried = await burst(createCreditfabricBackend({ lossEvery: 1 }), 1, 1000, TRAFFIC_CLASS_BEST_EFFORT);
    expect(carried[0]).toEqual({ delivered: false, reason: "lost" });
  });
});
