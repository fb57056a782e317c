import type { ClientReadableStream, ServiceError } from "@grpc/grpc-js";
import { StrataError } from "@strata/sdk/client";

export interface CollectOptions<T> {
  /** Stop (cancel the stream) once this returns true for a message; that message is included. */
  until?: (message: T, received: readonly T[]) => boolean;
  /** Cancels the stream and rejects when aborted (pass `t.signal`). */
  signal?: AbortSignal;
  /** Cancels the stream and rejects when it has not ended (or met `until`) by then. */
  timeoutMs?: number;
}

/**
 * Reads a server stream into an array: to its end, or until `until` says so.
 * Rejects with a StrataError when the stream ends with a non-OK status.
 *
 * @example
 * const messages = await collectStream(t.operator.telemetry.subscribe(onceRequest), { signal: t.signal });
 */
export function collectStream<T>(stream: ClientReadableStream<T>, options: CollectOptions<T> = {}): Promise<T[]> {
  const received: T[] = [];
  return new Promise<T[]>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const giveUp = (why: string) => settle(() => { stream.cancel(); reject(new Error(why)); });
    const onAbort = () => giveUp("stream abandoned: the check ended");
    const timer = options.timeoutMs === undefined ? undefined
      : setTimeout(() => giveUp(`the stream neither failed nor ended within ${options.timeoutMs} ms (${received.length} messages)`), options.timeoutMs);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    stream.on("data", (message: T) => {
      if (settled) return;
      received.push(message);
      if (options.until?.(message, received)) settle(() => { stream.cancel(); resolve(received); });
    });
    stream.on("error", (error: ServiceError) => settle(() => reject(StrataError.fromServiceError(error))));
    stream.on("end", () => settle(() => resolve(received)));
  });
}
