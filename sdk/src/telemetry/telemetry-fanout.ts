import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import { encodeBatchField } from "./batch-encoder.js";
import type { ItemFilter } from "./item-filter.js";
import type { RecordItem, TelemetryLog } from "./telemetry-log.js";

/** A batch of live items, encoded once, handed to every stream of a group. */
export interface LiveBatch {
  /** The SubscribeResponse.batch field, ready to send. */
  readonly field: Uint8Array;
  readonly records: number;
  readonly samples: number;
  /** The log range the batch accounts for: every matching item in from..watermark is in it. */
  readonly from: number;
  readonly watermark: number;
}

/** A live stream as the fan-out sees it. */
export interface FanoutMember {
  deliver(batch: LiveBatch): void;
  /** The group went through the log up to watermark and found nothing for it. */
  advance(watermark: number): void;
  /** Items from..to left the log before the group read them (counts unknown). */
  lost(from: number, to: number): void;
}

interface Group {
  readonly filter: ItemFilter;
  cursor: number;
  readonly members: Set<FanoutMember>;
}

export interface FanoutOptions {
  /** Most items per batch (default 512). */
  batchItems?: number;
  /** Longest an item waits for more to batch with, ms (default 20). */
  lingerMs?: number;
}

/**
 * Reads new log items for live streams. Streams with the same filter form a
 * group that reads the log once and encodes each batch once; record() only
 * calls notify(), which arms a timer. Flushes happen after lingerMs, as soon
 * as a batch is full (next turn of the event loop), or synchronously when
 * half the log is unread, so the ring never overwrites what a group has not
 * read yet.
 */
export class TelemetryFanout {
  private readonly groups = new Map<string, Group>();
  private readonly memberGroups = new Map<FanoutMember, Group>();
  private readonly batchItems: number;
  private readonly lingerMs: number;
  private readonly urgentItems: number;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(private readonly log: TelemetryLog, options: FanoutOptions = {}) {
    this.batchItems = options.batchItems ?? 512;
    this.lingerMs = options.lingerMs ?? 20;
    this.urgentItems = Math.max(1, Math.floor(log.capacity / 2));
  }

  /** Groups of identical subscriptions: each encodes its batches once. */
  get groupCount(): number {
    return this.groups.size;
  }

  /** True while some live stream listens: record() skips notify() otherwise. */
  get active(): boolean {
    return this.groups.size > 0;
  }

  /** Where the group of this filter has read up to, if it exists. */
  cursorOf(filter: ItemFilter): number | undefined {
    return this.groups.get(filter.key)?.cursor;
  }

  /** Adds a stream that has delivered everything up to cursor, which must be its group's cursor. */
  join(member: FanoutMember, filter: ItemFilter, cursor: number): void {
    let group = this.groups.get(filter.key);
    if (!group) {
      group = { filter, cursor, members: new Set() };
      this.groups.set(filter.key, group);
    } else if (group.cursor !== cursor) {
      throw new Error(`fan-out join at ${cursor} but the group is at ${group.cursor}`);
    }
    group.members.add(member);
    this.memberGroups.set(member, group);
  }

  leave(member: FanoutMember): void {
    const group = this.memberGroups.get(member);
    if (!group) return;
    this.memberGroups.delete(member);
    group.members.delete(member);
    if (group.members.size === 0) this.groups.delete(group.filter.key);
    if (this.groups.size === 0) this.cancelTimers();
  }

  /** One item was appended. Called on the data path: O(1), never blocks. */
  notify(): void {
    const pending = ++this.pending;
    if (pending >= this.urgentItems) this.flush();
    else if (pending >= this.batchItems) this.immediate ??= setImmediate(() => this.flush()).unref();
    else this.timer ??= setTimeout(() => this.flush(), this.lingerMs).unref();
  }

  /** Hands every group what the log gained since it last read. */
  flush(): void {
    this.cancelTimers();
    this.pending = 0;
    for (const group of this.groups.values()) this.flushGroup(group);
  }

  close(): void {
    this.cancelTimers();
    this.groups.clear();
    this.memberGroups.clear();
  }

  private flushGroup(group: Group): void {
    const head = this.log.head;
    if (group.cursor < this.log.oldest - 1) {
      const from = group.cursor + 1;
      const to = this.log.oldest - 1;
      for (const member of group.members) member.lost(from, to);
      group.cursor = to;
    }
    let records: RecordItem[] = [];
    let samples: MetricSample[] = [];
    let from = group.cursor + 1;
    const send = (watermark: number) => {
      const batch: LiveBatch = { field: encodeBatchField(records, samples), records: records.length, samples: samples.length, from, watermark };
      for (const member of group.members) member.deliver(batch);
      records = [];
      samples = [];
      from = watermark + 1;
    };
    for (let sequence = group.cursor + 1; sequence <= head; sequence++) {
      const item = this.log.at(sequence)!;
      if (!group.filter.matches(item)) continue;
      if (item.kind === 0) records.push(item);
      else samples.push(item.sample);
      if (records.length + samples.length >= this.batchItems) send(sequence);
    }
    if (records.length + samples.length > 0) send(head);
    else if (head > group.cursor) for (const member of group.members) member.advance(head);
    group.cursor = head;
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
  }
}
