import { FrameKind, type ApplicationFrame, type Transaction } from "./contracts.js";
import type { TapEvent } from "./tap-event.js";

/** Unanswered requests a tap remembers at most; the oldest go first (the spec asks for at least 1024). */
export const MAX_PENDING_REQUESTS = 4096;

interface PendingRequest {
  readonly operation: string;
  readonly timeUnixNano: bigint;
  readonly traceId: Buffer;
}

/**
 * One tap's unanswered requests, paired with their responses as the spec
 * fixes it: the earliest delivered request, not yet answered, with the same
 * request id, on the same network, from the response's destination to its
 * source.
 */
export class TransactionTable {
  private readonly pending = new Map<string, PendingRequest[]>();
  private count = 0;

  /** Notes a delivered request, or pairs a delivered response: its transaction, if it answers one. */
  observe(event: TapEvent, frame: ApplicationFrame): Transaction | undefined {
    if (!event.delivered) return undefined;
    if (frame.kind === FrameKind.FRAME_KIND_REQUEST) {
      this.remember(key(event.networkId, event.sourceEndpointId, event.destinationEndpointId, frame.requestId), {
        operation: frame.operation, timeUnixNano: event.timeUnixNano, traceId: event.traceId,
      });
      return undefined;
    }
    const k = key(event.networkId, event.destinationEndpointId, event.sourceEndpointId, frame.requestId);
    const waiting = this.pending.get(k);
    const request = waiting?.shift();
    if (!request) return undefined;
    this.count--;
    if (waiting!.length === 0) this.pending.delete(k);
    return {
      requestId: frame.requestId,
      operation: request.operation,
      clientEndpointId: event.destinationEndpointId,
      serverEndpointId: event.sourceEndpointId,
      requestTimeUnixNano: request.timeUnixNano,
      responseTimeNs: event.deliveredAtUnixNano - request.timeUnixNano,
      status: frame.status,
      requestTraceId: request.traceId,
    };
  }

  private remember(k: string, request: PendingRequest): void {
    const list = this.pending.get(k);
    if (list) list.push(request);
    else this.pending.set(k, [request]);
    if (++this.count <= MAX_PENDING_REQUESTS) return;
    // Forget the oldest key's oldest request: Map keeps insertion order.
    const [oldestKey, oldest] = this.pending.entries().next().value!;
    oldest.shift();
    this.count--;
    if (oldest.length === 0) this.pending.delete(oldestKey);
  }
}

function key(networkId: string, client: string, server: string, requestId: bigint): string {
  return `${networkId}\u0000${client}\u0000${server}\u0000${requestId}`;
}
