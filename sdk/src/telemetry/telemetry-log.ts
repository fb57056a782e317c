import { randomUUID } from "node:crypto";
import type { Layer } from "../gen/strata/core/v1/layer.js";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import type { RequestInput } from "./request-input.js";

/**
 * A request record as the log keeps it: a copy of the input (callers may
 * reuse theirs). It is never turned into a message object: batch-encoder.ts
 * encodes it directly, once per group of streams, so record() pays for
 * neither bigint conversion nor encoding.
 */
export class RecordItem {
  readonly kind = 0 as const;
  readonly layer: Layer;
  readonly operation: string;
  readonly resourceId: string;
  readonly tenantId: string;
  readonly applicationId: string;
  readonly startTimeUnixNano: bigint | number;
  readonly durationNs: number;
  readonly payloadBytes: number;
  readonly statusCode: number;
  readonly traceId: Buffer | undefined;
  readonly spanId: Buffer | undefined;
  readonly parentSpanId: Buffer | undefined;
  readonly attributes: Readonly<Record<string, string>> | undefined;
  readonly measurements: Readonly<Record<string, number>> | undefined;

  constructor(readonly sequence: number, input: RequestInput) {
    this.layer = input.layer;
    this.operation = input.operation;
    this.resourceId = input.resourceId;
    this.tenantId = input.tenantId;
    this.applicationId = input.applicationId;
    this.startTimeUnixNano = input.startTimeUnixNano;
    this.durationNs = input.durationNs;
    this.payloadBytes = input.payloadBytes;
    this.statusCode = input.statusCode;
    this.traceId = input.traceId;
    this.spanId = input.spanId;
    this.parentSpanId = input.parentSpanId;
    this.attributes = input.attributes;
    this.measurements = input.measurements;
  }
}

/** A metric sample of `intervalMultiple` base intervals, logged at interval tick `tick`. */
export class SampleItem {
  readonly kind = 1 as const;

  constructor(readonly sample: MetricSample, readonly intervalMultiple: number = 1, readonly tick: number = 0) {}

  get sequence(): number { return Number(this.sample.sequence); }
  get tenantId(): string { return this.sample.tenantId; }
  get applicationId(): string { return this.sample.applicationId; }
  get resourceId(): string { return this.sample.resourceId; }
  get layer(): Layer { return this.sample.layer; }
  get metric(): string { return this.sample.metric; }
}

export type LogItem = RecordItem | SampleItem;

/**
 * The endpoint's telemetry log: the last `capacity` items in a ring, each
 * with a sequence that starts at 1 and grows by one per item. Sequence s
 * lives in slot (s - 1) mod capacity, so a lookup is one array read and
 * appending never allocates beyond the item itself.
 */
export class TelemetryLog {
  /** Random per log: sequences of two logs are never comparable. */
  readonly logId: string = randomUUID();
  /** The last sequence appended; 0 while empty. */
  head = 0;
  private readonly items: (LogItem | undefined)[];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`retainedItems must be a positive integer, got ${capacity}`);
    this.items = new Array<LogItem | undefined>(capacity).fill(undefined);
  }

  /** The oldest sequence still retained (head + 1 when empty). */
  get oldest(): number {
    return Math.max(1, this.head - this.capacity + 1);
  }

  /** The next sequence append() will give. */
  get nextSequence(): number {
    return this.head + 1;
  }

  /** Stores an item whose sequence is nextSequence. */
  append(item: LogItem): void {
    this.head++;
    this.items[(this.head - 1) % this.capacity] = item;
  }

  /** The item with this sequence, if it is still retained. */
  at(sequence: number): LogItem | undefined {
    if (sequence < this.oldest || sequence > this.head) return undefined;
    return this.items[(sequence - 1) % this.capacity];
  }
}
