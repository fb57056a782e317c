import type { ServerWritableStream } from "@grpc/grpc-js";

/**
 * Writes one message to a server stream, waiting while the stream's buffer
 * is full (so a slow reader slows the writer instead of growing memory);
 * resolves false once the call is over (cancelled or aborted).
 */
export function writeMessage<T>(call: ServerWritableStream<unknown, T>, message: T, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (call.write(message)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (written: boolean) => {
      call.off("drain", onDrain);
      signal.removeEventListener("abort", onAbort);
      resolve(written);
    };
    const onDrain = () => done(true);
    const onAbort = () => done(false);
    call.on("drain", onDrain);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
