import { Priority } from "./contracts.js";

/** Strict priority order, highest first; PRIORITY_UNSPECIFIED is PRIORITY_NORMAL. */
const LANES = [Priority.PRIORITY_CRITICAL, Priority.PRIORITY_HIGH, Priority.PRIORITY_NORMAL, Priority.PRIORITY_LOW];

function laneOf(priority: Priority): number {
  const lane = LANES.indexOf(priority === Priority.PRIORITY_UNSPECIFIED ? Priority.PRIORITY_NORMAL : priority);
  return lane < 0 ? 2 : lane;
}

/**
 * A port's receive queue: at most `capacity` items, taken in strict priority
 * order (first in first out within one priority), or in arrival order when
 * priorities are not honoured. A taker waits for the next item; closing the
 * queue discards what it holds and wakes the taker with undefined.
 */
export class ReceiveQueue<T> {
  private readonly lanes: T[][];
  private size = 0;
  private waiter: ((item: T | undefined) => void) | undefined;
  private closed = false;

  constructor(readonly capacity: number, private readonly prioritised: boolean) {
    this.lanes = prioritised ? LANES.map(() => []) : [[]];
  }

  get length(): number {
    return this.size;
  }

  /** Adds an item; false when the queue is full (the item is dropped) or closed. */
  offer(item: T, priority: Priority): boolean {
    if (this.closed || this.size >= this.capacity) return false;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(item);
      return true;
    }
    this.lanes[this.prioritised ? laneOf(priority) : 0]!.push(item);
    this.size++;
    return true;
  }

  /** The next item, waiting for one; undefined once closed or aborted. One taker at a time. */
  take(signal: AbortSignal): Promise<T | undefined> {
    for (const lane of this.lanes) {
      if (lane.length > 0) {
        this.size--;
        return Promise.resolve(lane.shift());
      }
    }
    if (this.closed || signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.waiter === settle) this.waiter = undefined;
        resolve(undefined);
      };
      const settle = (item: T | undefined) => {
        signal.removeEventListener("abort", onAbort);
        resolve(item);
      };
      this.waiter = settle;
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Up to `max` items that are waiting now, in order, without waiting for more. */
  takeWaiting(max: number): T[] {
    const items: T[] = [];
    for (const lane of this.lanes) {
      while (lane.length > 0 && items.length < max) items.push(lane.shift()!);
    }
    this.size -= items.length;
    return items;
  }

  /** Discards every item and ends the taker's wait; returns how many items were discarded. */
  close(): number {
    this.closed = true;
    const discarded = this.size;
    for (const lane of this.lanes) lane.length = 0;
    this.size = 0;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(undefined);
    return discarded;
  }
}
