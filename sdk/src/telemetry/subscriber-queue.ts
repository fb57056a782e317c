import Denque from "denque";
import type { LiveBatch } from "./telemetry-fanout.js";

/** Items this subscriber lost, waiting to be reported in one Gap. */
export interface PendingGap {
  readonly kind: "gap";
  from: number;
  to: number;
  records: number;
  samples: number;
}

export type QueuedMessage = { readonly kind: "batch"; readonly batch: LiveBatch } | PendingGap;

/**
 * The live items waiting for one slow subscriber, bounded in items. What does
 * not fit is dropped and accounted in a PendingGap at the tail, so the Gap
 * goes out before any item that arrives later; consecutive drops coalesce
 * into one Gap. Memory is bounded by limit items plus one Gap per kept batch.
 * A ring (denque) holds them: taking one off the front costs O(1), where an
 * array's shift() moves every message behind it.
 */
export class SubscriberQueue {
  private readonly messages = new Denque<QueuedMessage>();
  /** Records and samples held. */
  items = 0;
  /** Records and samples dropped since the stream began. */
  dropped = 0;

  constructor(readonly limit: number) {}

  get length(): number {
    return this.messages.length;
  }

  /** Queues a batch, or drops it into the tail Gap if it would pass the limit. */
  push(batch: LiveBatch): void {
    const size = batch.records + batch.samples;
    if (this.items + size <= this.limit) {
      this.messages.push({ kind: "batch", batch });
      this.items += size;
      return;
    }
    this.dropped += size;
    this.lose(batch.from, batch.watermark, batch.records, batch.samples);
  }

  /** Accounts items lost from..to in the tail Gap. */
  lose(from: number, to: number, records: number, samples: number): void {
    const tail = this.messages.peekBack();
    if (tail?.kind === "gap") {
      tail.to = to;
      tail.records += records;
      tail.samples += samples;
    } else {
      this.messages.push({ kind: "gap", from, to, records, samples });
    }
  }

  shift(): QueuedMessage | undefined {
    const message = this.messages.shift();
    if (message?.kind === "batch") this.items -= message.batch.records + message.batch.samples;
    return message;
  }
}
