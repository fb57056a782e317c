import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";

/** The fabric's clock, nanoseconds (monotonic). */
export const nowNs = (): number => Number(process.hrtime.bigint());

/**
 * Waits until a time of nowNs(): by a timer when it is a millisecond away or
 * more, else by one turn of the event loop (timers are no finer), so that a
 * small frame is not held a whole millisecond. Rejects when `signal` aborts.
 */
export async function waitUntil(deadlineNs: number, signal?: AbortSignal): Promise<void> {
  const ms = (deadlineNs - nowNs()) / 1e6;
  if (ms >= 1) await sleep(Math.floor(ms), undefined, { signal });
  else await nextTurn(undefined, { signal });
}

/**
 * The transmitter of one simulated link: it sends one frame at a time at
 * its line rate, so that a frame waits for the frames before it and then
 * takes its own size over the rate (serialization).
 */
export class SerialLink {
  private busyUntilNs = 0;

  constructor(readonly hopId: string, readonly speedBytesPerSecond: number) {}

  /** Books the link for a frame of `sizeBytes`; returns when its last byte will have left. */
  book(sizeBytes: number): number {
    const start = Math.max(nowNs(), this.busyUntilNs);
    this.busyUntilNs = start + (sizeBytes / this.speedBytesPerSecond) * 1e9;
    return this.busyUntilNs;
  }

  /** Time until the frames already booked have left, ns. */
  backlogNs(): number {
    return Math.max(0, this.busyUntilNs - nowNs());
  }

  /** Sends a frame: waits for the frames before it and its own serialization. */
  async send(sizeBytes: number, signal?: AbortSignal): Promise<void> {
    await waitUntil(this.book(sizeBytes), signal);
  }
}

/** A hop's measured time, accumulated over the tries of one frame. */
export class HopTimer {
  readonly latencyNs: number[];

  constructor(hops: number) {
    this.latencyNs = new Array<number>(hops).fill(0);
  }

  /** Runs `work` at hop `index` and adds the time it took to that hop. */
  async at<T>(index: number, work: () => Promise<T>): Promise<T> {
    const start = nowNs();
    try {
      return await work();
    } finally {
      this.latencyNs[index]! += nowNs() - start;
    }
  }
}
