import { rpc } from "@strata/sdk/contracts";
import type { StrataError } from "@strata/sdk/server";
import { describe, expect, it } from "vitest";
import { DeviceQueue } from "./device-queue.js";

let seq = 0;
const urgency = (priority: number, deadlineMs = Infinity) => ({ priority, deadlineMs, seq: seq++ });
const never = new AbortController().signal;

describe("DeviceQueue", () => {
  it("should grant at once while the device has free slots", async () => {
    const queue = new DeviceQueue(2);
    const releases = await Promise.all([queue.acquire(urgency(2), never, "a"), queue.acquire(urgency(2), never, "b")]);
    expect(releases).toHaveLength(2);
  });

  it("should hand a freed slot to critical, then latency-target, then arrival order", async () => {
    const queue = new DeviceQueue(1);
    const busy = await queue.acquire(urgency(2), never, "busy");
    const order: string[] = [];
    const wait = (name: string, u: ReturnType<typeof urgency>) =>
      queue.acquire(u, never, name).then((release) => { order.push(name); release(); });
    const all = [
      wait("normal", urgency(2)),
      wait("late-target", urgency(2, 500)),
      wait("low", urgency(1)),
      wait("early-target", urgency(2, 100)),
      wait("critical", urgency(4)),
    ];
    busy();
    await Promise.all(all);
    expect(order).toEqual(["critical", "early-target", "late-target", "normal", "low"]);
  });

  it("should let an aborted waiter go with CANCELLED and keep its place for others", async () => {
    const queue = new DeviceQueue(1);
    const busy = await queue.acquire(urgency(2), never, "busy");
    const controller = new AbortController();
    const aborted = queue.acquire(urgency(4), controller.signal, "aborted").catch((e: StrataError) => e);
    const next = queue.acquire(urgency(2), never, "next");
    controller.abort();
    expect(await aborted).toMatchObject({ code: rpc.Code.CANCELLED });
    busy();
    busy(); // releasing twice frees one slot only
    expect(typeof (await next)).toBe("function");
  });
});
