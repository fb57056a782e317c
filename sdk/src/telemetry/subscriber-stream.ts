import type { ServerWritableStream } from "@grpc/grpc-js";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { GapReason, Mode, type SubscribeRequest, type SubscribeResponse } from "../gen/strata/telemetry/v1/telemetry.js";
import type { LatestSamples } from "./latest-samples.js";
import { encodeBatchField } from "./batch-encoder.js";
import { encodeGapField, encodeHeartbeatField, encodeResponse, encodeSyncField } from "./response-encoder.js";
import type { Subscription } from "./subscribe-request.js";
import { SubscriberQueue } from "./subscriber-queue.js";
import type { FanoutMember, LiveBatch, TelemetryFanout } from "./telemetry-fanout.js";
import type { LogItem, RecordItem, TelemetryLog } from "./telemetry-log.js";

/** The call a Subscribe handler writes to: generated responses or pre-encoded bytes. */
export type SubscribeCall = ServerWritableStream<SubscribeRequest, SubscribeResponse | Buffer>;

/** What a stream reads from: the recorder's log, latest samples and fan-out. */
export interface StreamSource {
  readonly log: TelemetryLog;
  readonly latest: LatestSamples;
  readonly fanout: TelemetryFanout;
  readonly logIdField: Uint8Array;
  readonly queueItems: number;
  readonly batchItems: number;
  /** UNIX epoch ns, for heartbeats. */
  now(): bigint;
}

/**
 * Bytes a stream may have written that the transport has not taken yet (about
 * two HTTP/2 flow-control windows). Beyond it the stream writes nothing more
 * until the subscriber reads: replay waits, live batches queue in its bounded
 * queue. Without it grpc-js buffers up to 16 messages per stream whatever
 * their size, and a burst of streams opened and abandoned holds hundreds of
 * megabytes that the process never gives back.
 */
export const MAX_UNSENT_BYTES = 128 * 1024;

/** A snapshot of one stream, for stats and tests. */
export interface StreamStats {
  readonly phase: "catch-up" | "live" | "closed";
  readonly streamSequence: number;
  readonly watermark: number;
  readonly queuedItems: number;
  readonly queueLimit: number;
  readonly droppedItems: number;
  /** Bytes written to the call that the transport has not taken yet (at most about MAX_UNSENT_BYTES). */
  readonly unsentBytes: number;
}

/**
 * One Subscribe stream. It first catches up on its own (initial state or
 * replay, then a SyncMarker, then the log up to its group's position),
 * writing only when the call is writable; then joins the fan-out and
 * receives shared batches through a bounded queue. The data path never waits
 * for it: when the queue is full, items are dropped and a Gap reports them.
 * Its own work is bounded too: it encodes one batch per turn of the event
 * loop (so a cancellation stops it at once, and other calls are served in
 * between) and keeps at most MAX_UNSENT_BYTES written ahead of the subscriber.
 */
export class SubscriberStream implements FanoutMember {
  private phase: StreamStats["phase"] = "catch-up";
  private streamSequence = 0;
  private watermark = 0;
  private cursor = 0;
  private readonly queue: SubscriberQueue;
  private waitingDrain = false;
  private unsent = 0;
  private drainWaiters: Array<() => void> = [];
  private lastSentAt = performance.now();
  private heartbeat: NodeJS.Timeout | undefined;
  private finish!: () => void;
  private readonly finished = new Promise<void>((resolve) => (this.finish = resolve));
  private readonly onDrain = () => {
    this.waitingDrain = false;
    this.unblocked();
  };
  private readonly onEnd = () => this.close();

  constructor(private readonly call: SubscribeCall, private readonly sub: Subscription, private readonly source: StreamSource) {
    this.queue = new SubscriberQueue(source.queueItems);
  }

  /** Serves the stream; resolves when it should end with OK (MODE_ONCE done, cancelled, or closed). */
  async run(signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.call.cancelled) return this.close();
    signal.addEventListener("abort", this.onEnd, { once: true });
    this.call.on("cancelled", this.onEnd);
    this.call.on("close", this.onEnd);
    this.armHeartbeat(this.sub.heartbeatMs);
    try {
      if (this.sub.mode === Mode.MODE_ONCE) return await this.sendOnce();
      await this.sendPrelude();
      await this.catchUpAndJoin();
      await this.finished;
    } finally {
      signal.removeEventListener("abort", this.onEnd);
      this.close();
    }
  }

  // A getter, because TypeScript keeps a narrowed this.phase across awaits that may close the stream.
  private get closed(): boolean {
    return this.phase === "closed";
  }

  stats(): StreamStats {
    return {
      phase: this.phase, streamSequence: this.streamSequence, watermark: this.watermark,
      queuedItems: this.queue.items, queueLimit: this.queue.limit, droppedItems: this.queue.dropped, unsentBytes: this.unsent,
    };
  }

  close(): void {
    if (this.closed) return;
    this.phase = "closed";
    this.source.fanout.leave(this);
    clearTimeout(this.heartbeat);
    this.call.off("drain", this.onDrain);
    this.call.off("cancelled", this.onEnd);
    this.call.off("close", this.onEnd);
    for (const wake of this.drainWaiters.splice(0)) wake();
    this.finish();
  }

  deliver(batch: LiveBatch): void {
    if (this.phase !== "live") return;
    if (this.queue.length === 0 && !this.blocked) this.send(batch.field, batch.watermark);
    else this.queue.push(batch);
    this.pump();
  }

  advance(watermark: number): void {
    // Nothing queued: everything up to watermark is on the wire, so the next message may say so.
    if (this.queue.length === 0 && watermark > this.watermark) this.watermark = watermark;
  }

  lost(from: number, to: number): void {
    this.queue.lose(from, to, 0, 0);
    this.pump();
  }

  /** MODE_ONCE: latest samples and retained records in log order, then Sync, then the caller ends with OK. */
  private async sendOnce(): Promise<void> {
    const { log, latest, fanout } = this.source;
    // A stream cancelled while waiting to be served costs nothing.
    await nextTurn();
    if (this.closed) return;
    fanout.flush();
    const reached = log.head;
    const items: LogItem[] = latest.matching(this.sub.filter);
    for (let sequence = log.oldest; sequence <= reached; sequence++) {
      const item = log.at(sequence)!;
      if (item.kind === 0 && this.sub.filter.matches(item)) items.push(item);
    }
    items.sort((a, b) => a.sequence - b.sequence);
    await this.sendItems(items, 0);
    this.send(encodeSyncField(reached), reached);
  }

  /** Initial state, a resumed replay, or a Gap and the initial state; then the SyncMarker. */
  private async sendPrelude(): Promise<void> {
    const { log, fanout } = this.source;
    await nextTurn();
    if (this.closed) return;
    fanout.flush();
    const reached = log.head;
    const { resumeAfter, resumeLogId } = this.sub;
    if (resumeLogId === "") {
      await this.sendItems(this.source.latest.matching(this.sub.filter), 0);
      this.cursor = reached;
    } else if (resumeLogId !== log.logId || resumeAfter < log.oldest - 1) {
      const restarted = resumeLogId !== log.logId;
      const reason = restarted ? GapReason.GAP_REASON_ENDPOINT_RESTARTED : GapReason.GAP_REASON_OUTSIDE_RETAINED_WINDOW;
      // After a restart the range is in the new log: everything before the initial state.
      this.sendGap(restarted ? 1 : resumeAfter + 1, reached, reason, 0, 0);
      await this.sendItems(this.source.latest.matching(this.sub.filter), reached);
      this.cursor = reached;
    } else {
      this.cursor = this.watermark = resumeAfter;
      await this.replayTo(reached);
    }
    if (!this.closed) this.send(encodeSyncField(this.cursor), this.cursor);
  }

  /** Reads the log up to the group's position, then joins the group without a hole or a repeat. */
  private async catchUpAndJoin(): Promise<void> {
    const { log, fanout } = this.source;
    while (this.phase === "catch-up") {
      let target = fanout.cursorOf(this.sub.filter) ?? log.head;
      if (this.cursor > target) {
        fanout.flush();
        target = fanout.cursorOf(this.sub.filter) ?? log.head;
      }
      if (this.cursor < target) {
        await this.replayTo(target);
        continue;
      }
      fanout.join(this, this.sub.filter, this.cursor);
      this.phase = "live";
    }
  }

  /** Sends the matching items after the cursor up to `to`, a chunk at a time as the call drains. */
  private async replayTo(to: number): Promise<void> {
    const { log, batchItems } = this.source;
    while (this.cursor < to && !this.closed) {
      if (this.cursor < log.oldest - 1) {
        // The ring overwrote what this reader had not reached: it read too slowly.
        await this.writable();
        const lostTo = log.oldest - 1;
        this.sendGap(this.cursor + 1, lostTo, GapReason.GAP_REASON_SLOW_SUBSCRIBER, 0, 0);
        this.cursor = lostTo;
        continue;
      }
      await nextTurn();
      if (this.closed) return;
      const records: RecordItem[] = [];
      const samples: MetricSample[] = [];
      let sequence = this.cursor;
      while (sequence < to && records.length + samples.length < batchItems) {
        const item = log.at(++sequence)!;
        if (!this.sub.filter.matches(item)) continue;
        if (item.kind === 0) records.push(item);
        else samples.push(item.sample);
      }
      // Encode before waiting for the call to drain: the work overlaps the wait for the subscriber.
      const field = records.length + samples.length > 0 ? encodeBatchField(records, samples) : undefined;
      await this.writable();
      if (this.closed) return;
      if (field) this.send(field, sequence);
      this.cursor = sequence;
    }
  }

  private async sendItems(items: readonly LogItem[], watermark: number): Promise<void> {
    for (let start = 0; start < items.length && !this.closed; start += this.source.batchItems) {
      await this.writable();
      await nextTurn();
      if (this.closed) return;
      const chunk = items.slice(start, start + this.source.batchItems);
      const records = chunk.flatMap((item) => (item.kind === 0 ? [item] : []));
      const samples = chunk.flatMap((item) => (item.kind === 1 ? [item.sample] : []));
      this.send(encodeBatchField(records, samples), watermark);
    }
  }

  private pump(): void {
    while (!this.blocked && this.phase === "live" && this.queue.length > 0) {
      const message = this.queue.shift()!;
      if (message.kind === "batch") this.send(message.batch.field, message.batch.watermark);
      else this.sendGap(message.from, message.to, GapReason.GAP_REASON_SLOW_SUBSCRIBER, message.records, message.samples);
    }
  }

  private sendGap(from: number, to: number, reason: GapReason, records: number, samples: number): void {
    this.send(encodeGapField({
      fromSequence: BigInt(from), toSequence: BigInt(to), droppedRecords: BigInt(records), droppedSamples: BigInt(samples), reason,
    }), to);
  }

  /** Writes one message; stream_sequence has no holes because only this method numbers messages. */
  private send(payloadField: Uint8Array, watermark: number): void {
    if (this.closed) return;
    if (watermark > this.watermark) this.watermark = watermark;
    const message = encodeResponse(++this.streamSequence, this.watermark, this.source.logIdField, payloadField);
    this.unsent += message.length;
    // grpc-js calls back once the transport took the message (never, once the call is cancelled).
    const ok = this.call.write(message, () => this.taken(message.length));
    this.lastSentAt = performance.now();
    if (!ok && !this.waitingDrain) {
      this.waitingDrain = true;
      this.call.once("drain", this.onDrain);
    }
  }

  /** True while the stream may not write: the call's buffer is full, or the budget of unsent bytes is spent. */
  private get blocked(): boolean {
    return this.waitingDrain || this.unsent >= MAX_UNSENT_BYTES;
  }

  private taken(bytes: number): void {
    this.unsent -= bytes;
    if (!this.closed && !this.blocked && (this.drainWaiters.length > 0 || this.queue.length > 0)) this.unblocked();
  }

  private unblocked(): void {
    if (this.blocked) return;
    for (const wake of this.drainWaiters.splice(0)) wake();
    this.pump();
  }

  private writable(): Promise<void> {
    if (!this.blocked || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private armHeartbeat(delayMs: number): void {
    this.heartbeat = setTimeout(() => {
      const quietMs = performance.now() - this.lastSentAt;
      if (quietMs >= this.sub.heartbeatMs) {
        if (!this.blocked && this.queue.length === 0) this.send(encodeHeartbeatField(this.source.now()), this.watermark);
        this.armHeartbeat(this.sub.heartbeatMs);
      } else {
        this.armHeartbeat(Math.max(1, this.sub.heartbeatMs - quietMs));
      }
    }, delayMs);
    this.heartbeat.unref();
  }
}
