import { status, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import { StrataError } from "../errors/strata-error.js";

/**
 * Reads a server stream in the background (for tests and the conformance
 * suite), keeping every message with its arrival time, so that a test can
 * wait for a condition and then inspect the whole stream. It never cancels on
 * its own: the test decides when it has seen enough.
 *
 * @example
 * const reader = new StreamReader(client.topology.watchTopology(request));
 * await reader.until((m) => m.snapshot !== undefined);
 * reader.cancel();
 */
export class StreamReader<T> {
  readonly messages: T[] = [];
  /** performance.now() when each message arrived. */
  readonly arrivals: number[] = [];
  /** The stream ended (OK, an error, or our own cancel). */
  ended = false;
  /** How it ended when not OK (our own cancel is not an error). */
  error: StrataError | undefined;
  /** Resolves when the stream ends: undefined for OK or our own cancel, else the error. */
  readonly done: Promise<StrataError | undefined>;
  private cancelled = false;
  private readonly waiters = new Set<() => void>();
  private readonly listeners: Array<(message: T, index: number) => void> = [];

  constructor(readonly stream: ClientReadableStream<T>) {
    let finish!: (error: StrataError | undefined) => void;
    this.done = new Promise((resolve) => (finish = resolve));
    stream.on("data", (message: T) => {
      const index = this.messages.push(message) - 1;
      this.arrivals.push(performance.now());
      for (const listener of this.listeners) listener(message, index);
      this.wake();
    });
    stream.on("error", (error: ServiceError) => {
      if (!(this.cancelled && error.code === status.CANCELLED)) this.error = StrataError.fromServiceError(error);
      this.ended = true;
      finish(this.error);
      this.wake();
    });
    stream.on("end", () => {
      this.ended = true;
      finish(undefined);
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

  /** Resolves with every message so far once one satisfies the predicate; rejects if the stream ends first. */
  async until(predicate: (message: T, all: readonly T[]) => boolean): Promise<T[]> {
    const seen = () => this.messages.some((m) => predicate(m, this.messages));
    while (!seen()) {
      if (this.ended) throw new Error(`stream ended after ${this.messages.length} messages without the expected one`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
    return [...this.messages];
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
