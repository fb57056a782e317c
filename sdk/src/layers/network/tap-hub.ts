import type { ServerWritableStream } from "@grpc/grpc-js";
import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { decodeApplicationFrame } from "./application-frame.js";
import type { ApplicationFrame, StreamTapResponse, Tap } from "./contracts.js";
import { tapRecordOf, type TapEvent } from "./tap-event.js";
import { TapStream } from "./tap-stream.js";
import { TransactionTable } from "./transaction-table.js";

/** Records one StreamTap stream buffers for a slow reader before it drops. */
export const TAP_STREAM_BUFFER_RECORDS = 4096;

/** A tap with at least one open stream: its streams and the requests it waits to pair. */
interface LiveTap {
  readonly tap: Tap;
  readonly streams: Set<TapStream>;
  readonly transactions: TransactionTable;
}

/** True when a tap's selector matches a datagram (docs/network.md, Taps). */
export function tapMatches(tap: Tap, event: TapEvent): boolean {
  const selector = tap.selector;
  const tenants = selector && selector.tenantIds.length > 0 ? selector.tenantIds : [tap.workload!.tenantId];
  if (!tenants.includes(event.tenantId)) return false;
  if (!selector) return true;
  if (selector.networkIds.length > 0 && !selector.networkIds.includes(event.networkId)) return false;
  if (selector.endpointIds.length > 0
    && !selector.endpointIds.includes(event.sourceEndpointId) && !selector.endpointIds.includes(event.destinationEndpointId)) return false;
  return selector.applicationIds.length === 0 || selector.applicationIds.includes(event.applicationId);
}

/**
 * The taps with open streams. Every datagram that entered a network is
 * published once its outcome is known; each matching tap decodes its
 * application framing, pairs responses with requests, and gives the record
 * to each of its streams whose caller may see the datagram's tenant. A tap
 * retains nothing while no stream is open.
 */
export class TapHub {
  private readonly live = new Map<string, LiveTap>();

  constructor(private readonly streamBufferRecords = TAP_STREAM_BUFFER_RECORDS) {}

  /** True while any tap stream is open (publishing is free otherwise). */
  get active(): boolean {
    return this.live.size > 0;
  }

  publish(event: TapEvent): void {
    let frame: ApplicationFrame | undefined;
    let decoded = false;
    for (const { tap, streams, transactions } of this.live.values()) {
      if (!tapMatches(tap, event)) continue;
      if (!decoded) {
        frame = decodeApplicationFrame(event.payload);
        decoded = true;
      }
      const record = tapRecordOf(event);
      record.frame = frame;
      record.transaction = frame && transactions.observe(event, frame);
      for (const stream of streams) if (canAccessTenant(stream.principal, event.tenantId)) stream.push(record);
    }
  }

  /** Serves one StreamTap stream of a tap until it ends. */
  async stream(tap: Tap, principal: Principal, call: ServerWritableStream<unknown, StreamTapResponse>, signal: AbortSignal): Promise<void> {
    let live = this.live.get(tap.tapId);
    if (!live) this.live.set(tap.tapId, (live = { tap, streams: new Set(), transactions: new TransactionTable() }));
    const stream = new TapStream(principal, this.streamBufferRecords);
    live.streams.add(stream);
    try {
      await stream.run(call, signal);
    } finally {
      live.streams.delete(stream);
      if (live.streams.size === 0 && this.live.get(tap.tapId) === live) this.live.delete(tap.tapId);
    }
  }

  /** Ends every stream of a deleted tap. */
  close(tapId: string): void {
    const live = this.live.get(tapId);
    this.live.delete(tapId);
    for (const stream of live?.streams ?? []) stream.end();
  }
}
