import type { Datagram } from "./contracts.js";
import type { PortSide, WireFrame } from "./network-backend.js";
import type { PortRuntime } from "./port-runtime.js";

/** What became of a frame the kit handed to the switch. */
export type DeliveryResult =
  | { delivered: true; atUnixNano: bigint; latencyNs: bigint }
  | { delivered: false; reason: "queue-full" | "lost" };

/** A frame the kit waits to see come out at its destination's port. */
export interface ExpectedFrame {
  readonly frameId: number;
  readonly networkId: string;
  readonly sourcePortId: string;
  readonly destinationPortId: string;
  /** When the layer received the Send (the record's start), UNIX epoch ns. */
  readonly sentAtUnixNano: bigint;
  /** The datagram its receiver gets, from what came off the wire. */
  datagramOf(frame: WireFrame, latencyNs: bigint): Datagram;
}

interface Pending extends ExpectedFrame {
  settle(result: DeliveryResult): void;
  settled: boolean;
}

/**
 * The ports' side of every switch: frames come out here (PortSide.arrive).
 * A port keeps a frame addressed to its endpoint on its network and nothing
 * else; the first copy of a frame the kit waits for settles its delivery,
 * in the port's receive queue or dropped at a full one. Every drop is
 * counted at the destination port and its network.
 */
export class Switchboard implements PortSide {
  readonly ports = new Map<string, PortRuntime>();
  /** Datagrams dropped per network since it was created. */
  readonly networkDrops = new Map<string, number>();
  private readonly pending = new Map<number, Pending>();
  private nextFrameId = 1;

  constructor(private readonly now: () => bigint) {}

  /** A fresh frame id. */
  frameId(): number {
    return this.nextFrameId++;
  }

  /** Waits for a frame: resolves with its delivery, or its loss once lost() is called. forget() when done. */
  expect(frame: ExpectedFrame): { result: Promise<DeliveryResult>; lost(): void; forget(): void } {
    let settle!: (result: DeliveryResult) => void;
    const result = new Promise<DeliveryResult>((resolve) => { settle = resolve; });
    const pending: Pending = {
      ...frame, datagramOf: frame.datagramOf, settled: false,
      settle: (outcome) => {
        if (pending.settled) return;
        pending.settled = true;
        if (!outcome.delivered) this.countDrop(frame.networkId, this.ports.get(frame.destinationPortId));
        settle(outcome);
      },
    };
    this.pending.set(frame.frameId, pending);
    return {
      result,
      lost: () => pending.settle({ delivered: false, reason: "lost" }),
      forget: () => { this.pending.delete(frame.frameId); },
    };
  }

  arrive(portId: string, frame: WireFrame): void {
    const runtime = this.ports.get(portId);
    const endpoint = runtime?.endpoint;
    if (!runtime || !endpoint || endpoint.networkId !== frame.networkId || endpoint.address !== frame.destinationAddress) return;
    const pending = this.pending.get(frame.frameId);
    if (!pending || pending.settled || pending.destinationPortId !== portId) return;
    const atUnixNano = this.now();
    const latencyNs = atUnixNano - pending.sentAtUnixNano;
    if (!runtime.queue.offer(pending.datagramOf(frame, latencyNs), frame.priority)) {
      pending.settle({ delivered: false, reason: "queue-full" });
      return;
    }
    runtime.deliveredDatagrams++;
    runtime.deliveredBytes += frame.payload.length;
    const source = this.ports.get(pending.sourcePortId);
    if (source) {
      source.sentDatagrams++;
      source.sentBytes += frame.payload.length;
    }
    pending.settle({ delivered: true, atUnixNano, latencyNs });
  }

  /** Counts datagrams dropped on a network (and at a port, when given). */
  countDrop(networkId: string, at: PortRuntime | undefined, count = 1): void {
    this.networkDrops.set(networkId, (this.networkDrops.get(networkId) ?? 0) + count);
    if (at && count > 0) at.drops += count;
  }
}
