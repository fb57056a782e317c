import { fabric } from "@strata/sdk/fabric";
import type { Carriage, FabricBackend, FabricPort, Frame, HopDescription, LinkShape } from "@strata/sdk/fabric";
import { HopTimer, nowNs, SerialLink, waitUntil } from "../shared/serial-link.js";

const { HOP_KIND_LINK, HOP_KIND_SWITCH } = fabric.HopKind;

export interface DirectfabricOptions {
  /** Line rate of every initiator's link, bytes per second (default 50 MB/s). */
  initiatorSpeedBytesPerSecond?: number;
  /** Line rate of every target's link, bytes per second (default 100 MB/s). */
  targetSpeedBytesPerSecond?: number;
  /** Frames each link's egress buffer holds (default 16). */
  bufferFrames?: number;
}

/** An egress port of the switch: its transmitter and the frames waiting in its buffer. */
interface Egress {
  readonly link: SerialLink;
  readonly bufferFrames: number;
  queued: number;
}

const SWITCH_HOP = "switch:direct";
/** A lossless frame's first retransmission timeout, and the most it grows to. */
const MIN_RTO_NS = 1_000_000;
const MAX_RTO_NS = 64_000_000;

/**
 * directfabric: one store-and-forward switch between every initiator's link
 * and every target's link, without flow control. A frame enters each link's
 * egress buffer or, when the buffer is full, is tail-dropped: a best-effort
 * frame is lost; a lossless frame is sent again by its initiator after a
 * retransmission timeout (the time the full link takes to drain, doubling
 * on every further loss), so that congestion costs it latency, never
 * delivery.
 */
export function createDirectfabricBackend(options: DirectfabricOptions = {}): FabricBackend {
  const initiatorSpeed = options.initiatorSpeedBytesPerSecond ?? 50_000_000;
  const targetSpeed = options.targetSpeedBytesPerSecond ?? 100_000_000;
  const bufferFrames = options.bufferFrames ?? 16;
  if (!(initiatorSpeed > 0) || !(targetSpeed > 0)) throw new RangeError("directfabric: link speeds must be greater than 0");
  if (!Number.isInteger(bufferFrames) || bufferFrames < 1) throw new RangeError("directfabric: bufferFrames must be an integer of at least 1");
  const egress = new Map<string, Egress>();

  const linkOf = (port: FabricPort): Egress => {
    const found = egress.get(port.portId);
    if (!found) throw new Error(`directfabric: port "${port.portId}" has no link`);
    return found;
  };

  /** One try of the frame across the path: the index of the hop that dropped it, or -1 once delivered. */
  async function attempt(frame: Frame, links: Egress[], timer: HopTimer): Promise<number> {
    for (const [i, hop] of [links[0]!, undefined, links[1]!].entries()) {
      const dropped = await timer.at(i, async () => {
        if (!hop) {
          await waitUntil(0, frame.signal); // the switch's forwarding lookup
          return false;
        }
        if (hop.queued >= hop.bufferFrames) return true;
        hop.queued += 1;
        try {
          await hop.link.send(frame.sizeBytes, frame.signal);
        } finally {
          hop.queued -= 1;
        }
        return false;
      });
      if (dropped) return i;
    }
    return -1;
  }

  function pathHops(initiator: FabricPort, target: FabricPort): HopDescription[] {
    return [
      { hopId: `link:${initiator.portId}`, kind: HOP_KIND_LINK },
      { hopId: SWITCH_HOP, kind: HOP_KIND_SWITCH },
      { hopId: `link:${target.portId}`, kind: HOP_KIND_LINK },
    ];
  }

  return {
    linkFor(role): LinkShape {
      return { speedBytesPerSecond: role === fabric.PortRole.PORT_ROLE_INITIATOR ? initiatorSpeed : targetSpeed, bufferFrames };
    },
    async addPort(port) {
      egress.set(port.portId, { link: new SerialLink(`link:${port.portId}`, port.speedBytesPerSecond), bufferFrames: port.bufferFrames, queued: 0 });
    },
    async removePort(port) {
      egress.delete(port.portId);
    },
    pathHops,
    async carry(frame): Promise<Carriage> {
      const links = [linkOf(frame.initiator), linkOf(frame.target)];
      const hops = pathHops(frame.initiator, frame.target);
      const timer = new HopTimer(hops.length);
      let retransmissions = 0;
      let rtoNs = MIN_RTO_NS;
      for (;;) {
        const droppedAt = await attempt(frame, links, timer);
        if (droppedAt < 0) return { delivered: true, retransmissions, hops: hops.map((h, i) => ({ ...h, latencyNs: timer.latencyNs[i]! })) };
        if (frame.trafficClass !== fabric.TrafficClass.TRAFFIC_CLASS_LOSSLESS) return { delivered: false, reason: "congestion" };
        // No flow control: the initiator learns of the loss only when its timer runs out, then sends the frame again.
        const full = droppedAt === 0 ? links[0]! : links[1]!;
        const wait = Math.max(rtoNs, full.link.backlogNs());
        await timer.at(droppedAt, () => waitUntil(nowNs() + wait, frame.signal));
        rtoNs = Math.min(rtoNs * 2, MAX_RTO_NS);
        retransmissions += 1;
      }
    },
  };
}
