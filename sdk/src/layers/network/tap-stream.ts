import type { ServerWritableStream } from "@grpc/grpc-js";
import type { Principal } from "../../auth/principal.js";
import type { StreamTapResponse, TapRecord } from "./contracts.js";
import { writeMessage } from "./stream-writer.js";

/**
 * One open StreamTap stream: numbers the records it is given, buffers at most
 * `capacity` of them for a caller that reads slowly, and drops beyond that,
 * telling the caller how many on the next record it gets.
 */
export class TapStream {
  private readonly buffer: StreamTapResponse[] = [];
  private sequence = 0n;
  private dropped = 0n;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(readonly principal: Principal, private readonly capacity: number) {}

  push(record: TapRecord): void {
    this.sequence++;
    if (this.buffer.length >= this.capacity) {
      this.dropped++;
      return;
    }
    this.buffer.push({ record: { ...record, sequence: this.sequence }, droppedRecords: this.dropped });
    this.dropped = 0n;
    this.wake?.();
  }

  /** Ends the stream once what it holds is written (the tap was deleted). */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Writes records until the stream ends or the call goes away. */
  async run(call: ServerWritableStream<unknown, StreamTapResponse>, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const next = this.buffer.shift();
      if (next) {
        if (!(await writeMessage(call, next, signal))) return;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          this.wake = undefined;
          signal.removeEventListener("abort", done);
          resolve();
        };
        this.wake = done;
        signal.addEventListener("abort", done, { once: true });
      });
    }
  }
}
