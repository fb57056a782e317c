import type { Priority, QosClass } from "./contracts.js";

/** A port as the switch sees it. */
export interface SwitchPort {
  readonly portId: string;
  readonly networkId: string;
}

/** A frame on the wire: what a switch carries from port to port. */
export interface WireFrame {
  /** The kit's id of the Send it carries, unique within the endpoint. */
  readonly frameId: number;
  readonly networkId: string;
  readonly sourceAddress: string;
  readonly destinationAddress: string;
  readonly priority: Priority;
  readonly payload: Buffer;
}

/** A frame entering the switch at its source port. */
export interface IngressFrame extends WireFrame {
  readonly sourcePortId: string;
  /** The source port's QoS class, which shapes it; undefined for none. */
  readonly qosClass: QosClass | undefined;
  /** Aborted when the caller of the Send goes away. */
  readonly signal: AbortSignal;
}

/** The ports' side of the switch, served by the kit: where frames come out. */
export interface PortSide {
  /**
   * A frame came out of the switch at a port. The port keeps it when it is
   * addressed to the port's endpoint on the frame's network, as a NIC does,
   * and ignores it otherwise (a flooded copy): the kit's receive queue,
   * delivery, drops and telemetry take it from there.
   */
  arrive(portId: string, frame: WireFrame): void;
}

/**
 * What a LAN vendor writes: the switch between the ports. The kit
 * (createNetworkServer) owns everything else: validation, tenancy,
 * idempotency, pagination, the ports' receive queues, Receive streams,
 * delivery and drop accounting, taps, telemetry and topology. Errors thrown
 * as StrataError reach the caller as they are.
 */
export interface NetworkBackend {
  /** The line rate of every port this switch makes, payload bytes per second (Port.speed_bytes_per_second). */
  readonly portSpeedBytesPerSecond: number;
  /** Called once, before any port: where frames come out. */
  start(ports: PortSide): Promise<void>;
  /** A new port of a network (a socket to bind, a queue to make); throws StrataError.capacityExhausted when the switch has no free port. */
  addPort(port: SwitchPort): Promise<void>;
  /** A port goes. Must succeed for a port already gone. */
  removePort(port: SwitchPort): Promise<void>;
  /**
   * Optional: the control plane tells the switch which address sits behind a
   * port when an endpoint attaches (undefined when it detaches), for a switch
   * programmed from above rather than learning from traffic.
   */
  bindAddress?(port: SwitchPort, address: string | undefined): void;
  /**
   * Carries a frame from its source port through the switch: learning,
   * forwarding or flooding within the frame's network only, shaping by the
   * frame's QoS class (waiting, or throwing StrataError.throttled with a
   * retry delay). Every copy comes out through PortSide.arrive. Resolves
   * once the switch is done with the frame, delivered or lost: a frame that
   * never came out at its destination's port is counted as dropped.
   */
  forward(frame: IngressFrame): Promise<void>;
  /** Releases sockets and timers. */
  close?(): Promise<void>;
}
