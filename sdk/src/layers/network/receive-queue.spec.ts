import { describe, expect, it } from "vitest";
import { Priority } from "./contracts.js";
import { ReceiveQueue } from "./receive-queue.js";

const never = new AbortController().signal;

describe("ReceiveQueue", () => {
  it("should hand out items in strict priority order, first in first out within a priority", async () => {
    const queue = new ReceiveQueue<string>(10, true);
    queue.offer("low-1", Priority.PRIORITY_LOW);
    queue.offer("normal-1", Priority.PRIORITY_UNSPECIFIED);
    queue.offer("critical-1", Priority.PRIORITY_CRITICAL);
    queue.offer("low-2", Priority.PRIORITY_LOW);
    queue.offer("normal-2", Priority.PRIORITY_NORMAL);
    const taken = [];
    while (queue.length > 0) taken.push(await queue.take(never));
    expect(taken).toEqual(["critical-1", "normal-1", "normal-2", "low-1", "low-2"]);
  });

  it("should keep arrival order when priorities are not honoured", async () => {
    const queue = new ReceiveQueue<string>(10, false);
    queue.offer("low", Priority.PRIORITY_LOW);
    queue.offer("critical", Priority.PRIORITY_CRITICAL);
    expect([await queue.take(never), await queue.take(never)]).toEqual(["low", "critical"]);
  });

  it("should hand out what is waiting now, in order, up to a number", () => {
    const queue = new ReceiveQueue<string>(10, true);
    queue.offer("normal", Priority.PRIORITY_NORMAL);
    queue.offer("high", Priority.PRIORITY_HIGH);
    queue.offer("low", Priority.PRIORITY_LOW);
    expect(queue.takeWaiting(2)).toEqual(["high", "normal"]);
    expect(queue.takeWaiting(5)).toEqual(["low"]);
    expect(queue.takeWaiting(5)).toEqual([]);
    expect(queue.length).toBe(0);
  });

  it("should refuse an item beyond its capacity", () => {
    const queue = new ReceiveQueue<number>(2, true);
    expect([1, 2, 3].map((n) => queue.offer(n, Priority.PRIORITY_NORMAL))).toEqual([true, true, false]);
    expect(queue.length).toBe(2);
  });

  it("should hand an item straight to a waiting taker, and wake it with undefined when closed or aborted", async () => {
    const queue = new ReceiveQueue<number>(2, true);
    const waiting = queue.take(never);
    queue.offer(7, Priority.PRIORITY_HIGH);
    expect(await waiting).toBe(7);
    expect(queue.length).toBe(0);
    const aborted = new AbortController();
    const cancelled = queue.take(aborted.signal);
    aborted.abort();
    expect(await cancelled).toBeUndefined();
    queue.offer(1, Priority.PRIORITY_LOW);
    const last = queue.take(never);
    expect(await last).toBe(1);
    const closing = queue.take(never);
    expect(queue.close()).toBe(0);
    expect(await closing).toBeUndefined();
    expect(queue.offer(2, Priority.PRIORITY_LOW)).toBe(false);
  });
});
