import { fabric } from "@strata/sdk/fabric";
import { describe, expect, it } from "vitest";
import { burst } from "../shared/burst.js";
import { createDirectfabricBackend } from "./directfabric-backend.js";

const { TRAFFIC_CLASS_BEST_EFFORT, TRAFFIC_CLASS_LOSSLESS } = fabric.TrafficClass;

describe("createDirectfabricBackend()", () => {
  it("should tail-drop best-effort frames beyond a full buffer", async () => {
    const backend = createDirectfabricBackend({ bufferFrames: 2, initiatorSpeedBytesPerSecond: 10_000_000, targetSpeedBytesPerSecond: 10_000_000 });
    const carried = await burst(backend, 8, 10_000, TRAFFIC_CLASS_BEST_EFFORT);
    expect(carried.filter((c) => !c.delivered).length).toBeGreaterThan(0);
    expect(carried.filter((c) => c.delivered).length).toBeGreaterThanOrEqual(2);
  });

  it("should deliver every lossless frame of the same burst, retransmitting the dropped ones", async () => {
    const backend = createDirectfabricBackend({ bufferFrames: 2, initiatorSpeedBytesPerSecond: 10_000_000, targetSpeedBytesPerSecond: 10_000_000 });
    const carried = await burst(backend, 8, 10_000, TRAFFIC_CLASS_LOSSLESS);
    expect(carried.every((c) => c.delivered)).toBe(true);
    expect(carried.reduce((sum, c) => sum + (c.delivered ? c.retransmissions : 0), 0)).toBeGreaterThan(0);
  });

  it("should time every hop of a delivered frame", async () => {
    const [carried] = await burst(createDirectfabricBackend(), 1, 1_000_000, TRAFFIC_CLASS_LOSSLESS);
    expect(carried!.delivered).toBe(true);
    if (!carried!.delivered) return;
    expect(carried!.hops.map((h) => h.hopId)).toEqual(["link:i1", "switch:direct", "link:t1"]);
    // 1 MB at 50 MB/s on the initiator's link is 20 ms of serialization.
    expect(carried!.hops[0]!.latencyNs).toBeGreaterThanOrEqual(15_000_000);
  });
});
