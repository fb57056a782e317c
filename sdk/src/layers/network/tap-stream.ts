import type { ServerWritableStream } from "@grpc/grpc-js";
import type { Principal } from "../../auth/principal.js";
import type { StreamTapResponse, TapRecord } from "./contracts.js";
import { writeMessage } from "./stream-writer.js";

/** Most records one StreamTapResponse carries. */
const TAP_BATCH = 64;

/**
 * One open StreamTap stream: numbers the records it is given, buffers at most
 * `capacity` of them for a caller that reads slowly, and drops beyond that,
 * telling the caller how many with the next record it gets.
 */
export class TapStream {
  private readonly buffer: Array<{ record: TapRecord; droppedBefore: bigint }> = [];
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
    this.buffer.push({ record: { ...record, sequence: this.sequence }, droppedBefore: this.dropped });
    this.dropped = 0n;
    this.wake?.();
  }

  /** Ends the stream once what it holds is written (the tap was deleted). */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Writes records, batched while none was dropped between them, until the stream ends or the call goes away. */
  async run(call: ServerWritableStream<unknown, StreamTapResponse>, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.buffer.length > 0) {
        const first = this.buffer.shift()!;
        const records = [first.record];
        while (records.length < TAP_BATCH && this.buffer.length > 0 && this.buffer[0]!.droppedBefore === 0n) records.push(this.buffer.shift()!.record);
        if (!(await writeMessage(call, { records, droppedRecords: first.droppedBefore }, signal))) return;
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
