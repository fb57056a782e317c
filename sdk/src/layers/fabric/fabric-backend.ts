import type { HopKind, PortRole, TrafficClass } from "./contracts.js";

/** The link of a port, as the backend makes it: line rate and buffer (Port.speed_bytes_per_second, Port.buffer_frames). */
export interface LinkShape {
  /** Payload bytes per second the link carries; greater than 0. */
  readonly speedBytesPerSecond: number;
  /** Frames the fabric holds for the link while it is busy; at least 1. */
  readonly bufferFrames: number;
}

/** A port as the backend sees it: its id, role and link. */
export interface FabricPort extends LinkShape {
  readonly portId: string;
  readonly role: PortRole;
}

/** A hop of a path: a link or a switch, with an id stable within the endpoint. */
export interface HopDescription {
  readonly hopId: string;
  readonly kind: HopKind;
}

/** A hop a frame crossed and the time it spent there, measured. */
export interface HopTime extends HopDescription {
  readonly latencyNs: number;
}

/** The class a frame travels in, resolved (never TRAFFIC_CLASS_UNSPECIFIED). */
export type FrameClass = TrafficClass.TRAFFIC_CLASS_BEST_EFFORT | TrafficClass.TRAFFIC_CLASS_LOSSLESS;

/** One frame the kit hands the backend to carry from an initiator to a target of a zoned pair. */
export interface Frame {
  /** The kit's id of the Transfer it carries, unique within the endpoint. */
  readonly frameId: number;
  readonly initiator: FabricPort;
  readonly target: FabricPort;
  readonly trafficClass: FrameClass;
  /** Payload bytes: a write's data, a read's length. */
  readonly sizeBytes: number;
  /** Aborted when the caller of the Transfer goes away. */
  readonly signal: AbortSignal;
}

/** What became of a frame: delivered at the target's port (with what it met on the way), or dropped. */
export type Carriage =
  | {
    readonly delivered: true;
    /** The hops it crossed, in order from the initiator, with the time spent at each. */
    readonly hops: readonly HopTime[];
    /** Times the fabric sent it again because a link lost it (lossless frames only). */
    readonly retransmissions: number;
  }
  | {
    readonly delivered: false;
    /** Why: a link's buffer was taken (congestion), or a link lost it. */
    readonly reason: "congestion" | "lost";
  };

/**
 * What a storage networking vendor writes: the links and switches between
 * the ports, and how frames cross them. The kit (createFabricServer) owns
 * everything else: validation, tenancy, idempotency, pagination, zoning,
 * the targets (a sink, or forwarding to a storage endpoint with the call's
 * trace), path statistics, telemetry and topology.
 */
export interface FabricBackend {
  /** The link a new port of this role gets. */
  linkFor(role: PortRole): LinkShape;
  /** A new port: attach its link to the fabric. */
  addPort(port: FabricPort): Promise<void>;
  /** A port goes (no zone lists it, nothing is in flight to or from it). Must succeed for one already gone. */
  removePort(port: FabricPort): Promise<void>;
  /** The hops frames between the two ports cross, in order from the initiator; at least one. */
  pathHops(initiator: FabricPort, target: FabricPort): HopDescription[];
  /**
   * Carries one frame from its initiator to its target and resolves once it
   * arrived at the target's port, with the time it spent at each hop, or
   * once it was dropped. A lossless frame must never be dropped: it waits
   * for room and is sent again when a link loses it.
   */
  carry(frame: Frame): Promise<Carriage>;
  /** Releases timers and queues. */
  close?(): Promise<void>;
}
