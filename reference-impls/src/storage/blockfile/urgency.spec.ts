import { describe, expect, it } from "vitest";
import { compareUrgency, urgencyOf } from "./urgency.js";
import { storage } from "@strata/sdk/storage";

const policy = (fields: Partial<storage.QosPolicy>) => storage.QosPolicy.fromPartial(fields);

describe("urgencyOf()", () => {
  it("should take the volume's priority, else the tenant's, else normal", () => {
    const { PRIORITY_CRITICAL, PRIORITY_LOW, PRIORITY_NORMAL } = storage.Priority;
    expect(urgencyOf({ volume: policy({ priority: PRIORITY_CRITICAL }), tenant: policy({ priority: PRIORITY_LOW }) }, 0).priority)
      .toBe(PRIORITY_CRITICAL);
    expect(urgencyOf({ volume: policy({}), tenant: policy({ priority: PRIORITY_LOW }) }, 0).priority).toBe(PRIORITY_LOW);
    expect(urgencyOf({ volume: undefined, tenant: undefined }, 0).priority).toBe(PRIORITY_NORMAL);
  });

  it("should set the deadline from the tighter latency target", () => {
    const u = urgencyOf({ volume: policy({ latencyTargetNs: 5_000_000n }), tenant: policy({ latencyTargetNs: 2_000_000n }) }, 10);
    expect(u.deadlineMs).toBe(12);
    expect(urgencyOf({ volume: undefined, tenant: undefined }, 10).deadlineMs).toBe(Infinity);
  });
});

describe("compareUrgency()", () => {
  it("should order by priority, then deadline, then arrival", () => {
    const list = [
      { priority: 2, deadlineMs: Infinity, seq: 1 }, { priority: 2, deadlineMs: Infinity, seq: 0 },
      { priority: 2, deadlineMs: 5, seq: 2 }, { priority: 3, deadlineMs: Infinity, seq: 3 },
    ];
    expect(list.sort(compareUrgency).map((u) => u.seq)).toEqual([3, 2, 0, 1]);
  });
});
