import { status, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import { StrataError } from "@strata/sdk/client";

/**
 * Reads a server stream in the background, keeping every message (with its
 * arrival time) so that a check can wait for a condition, then inspect the
 * whole stream. Unlike collectStream it never cancels on its own: the check
 * decides when it has seen enough, and t.track(() => reader.cancel()) ends it.
 *
 * @example
 * const reader = new StreamReader(t.tenantA.topology.watchTopology(request));
 * t.track(() => reader.cancel(), "cancel the watch");
 * await reader.waitFor(() => reader.messages.length >= 2, 1000);
 */
export class StreamReader<T> {
  readonly messages: T[] = [];
  /** performance.now() when each message arrived. */
  readonly arrivals: number[] = [];
  /** The stream ended (OK, an error, or our cancel). */
  ended = false;
  /** How it ended when not OK (our own cancel is not an error). */
  error: StrataError | undefined;
  private cancelled = false;
  private readonly waiters = new Set<() => void>();
  private readonly listeners: Array<(message: T, index: number) => void> = [];

  constructor(readonly stream: ClientReadableStream<T>) {
    stream.on("data", (message: T) => {
      const index = this.messages.push(message) - 1;
      this.arrivals.push(performance.now());
      for (const listener of this.listeners) listener(message, index);
      this.wake();
    });
    stream.on("error", (error: ServiceError) => {
      if (!(this.cancelled && error.code === status.CANCELLED)) this.error = StrataError.fromServiceError(error);
      this.ended = true;
      this.wake();
    });
    stream.on("end", () => {
      this.ended = true;
      this.wake();
    });
  }

  /** Calls `listener` for every message from now on (for incremental indexes). */
  onMessage(listener: (message: T, index: number) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves true as soon as `condition()` holds (checked now and after every
   * message), false when the stream ends or `timeoutMs` passes without it.
   */
  waitFor(condition: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    if (this.ended || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener("abort", onAbort);
        resolve(result);
      };
      const check = () => {
        if (condition()) finish(true);
        else if (this.ended) finish(false);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(condition()), timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.add(check);
    });
  }

  /** Waits for the end of the stream; false if it is still open after timeoutMs. */
  waitForEnd(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.waitFor(() => this.ended, timeoutMs, signal);
  }

  /** Stops taking messages off the connection: the server sees a subscriber that does not read. */
  pause(): void {
    this.stream.pause();
  }

  resume(): void {
    this.stream.resume();
  }

  /** Cancels the call (a no-op once it ended). */
  cancel(): void {
    if (this.ended || this.cancelled) return;
    this.cancelled = true;
    this.stream.cancel();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Sleeps, unless the check ends first. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
