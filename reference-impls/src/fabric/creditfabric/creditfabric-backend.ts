import { fabric } from "@strata/sdk/fabric";
import type { Carriage, FabricBackend, FabricPort, Frame, HopDescription, LinkShape } from "@strata/sdk/fabric";
import { HopTimer, SerialLink, waitUntil } from "../shared/serial-link.js";
import { CreditPool } from "./credit-pool.js";

const { HOP_KIND_LINK, HOP_KIND_SWITCH } = fabric.HopKind;

export interface CreditfabricOptions {
  /** Line rate of every link, bytes per second (default 64 MB/s). */
  linkSpeedBytesPerSecond?: number;
  /** Buffer-to-buffer credits of every link: frames its receiver holds (default 4). */
  credits?: number;
  /** One frame in this many sent on a link is corrupted on the wire and lost (default 64; 0: none). */
  lossEvery?: number;
  /** How long a best-effort frame waits for a credit before it is discarded, ms (default 2). */
  holdTimeMs?: number;
}

/** One simulated link: its transmitter, its credits and its count of frames sent (for its losses). */
interface CreditLink {
  readonly wire: SerialLink;
  readonly credits: CreditPool;
  sent: number;
}

const SWITCH_HOP = "switch:credit";

/**
 * creditfabric: credit-based flow control over simulated links of a
 * configured bandwidth, through one switch. A frame takes a credit of each
 * link before it is sent on it and holds it until the next hop took the
 * frame, so that a full receiver holds its senders back, hop by hop, instead
 * of dropping. A lossless frame waits for its credits; a best-effort frame
 * is discarded when none comes within the hold time. Links corrupt one frame
 * in `lossEvery`: a lossless frame is sent again on the same link (a
 * retransmission), a best-effort frame is lost.
 */
export function createCreditfabricBackend(options: CreditfabricOptions = {}): FabricBackend {
  const speed = options.linkSpeedBytesPerSecond ?? 64_000_000;
  const credits = options.credits ?? 4;
  const lossEvery = options.lossEvery ?? 64;
  const holdNs = (options.holdTimeMs ?? 2) * 1e6;
  if (!(speed > 0)) throw new RangeError("creditfabric: linkSpeedBytesPerSecond must be greater than 0");
  if (!Number.isInteger(credits) || credits < 1) throw new RangeError("creditfabric: credits must be an integer of at least 1");
  if (!Number.isInteger(lossEvery) || lossEvery < 0) throw new RangeError("creditfabric: lossEvery must be a whole number");
  const links = new Map<string, CreditLink>();

  const linkOf = (port: FabricPort): CreditLink => {
    const found = links.get(port.portId);
    if (!found) throw new Error(`creditfabric: port "${port.portId}" has no link`);
    return found;
  };
  const corrupted = (link: CreditLink) => lossEvery > 0 && ++link.sent % lossEvery === 0;

  function pathHops(initiator: FabricPort, target: FabricPort): HopDescription[] {
    return [
      { hopId: `link:${initiator.portId}`, kind: HOP_KIND_LINK },
      { hopId: SWITCH_HOP, kind: HOP_KIND_SWITCH },
      { hopId: `link:${target.portId}`, kind: HOP_KIND_LINK },
    ];
  }

  return {
    linkFor(): LinkShape {
      return { speedBytesPerSecond: speed, bufferFrames: credits };
    },
    async addPort(port) {
      links.set(port.portId, { wire: new SerialLink(`link:${port.portId}`, port.speedBytesPerSecond), credits: new CreditPool(port.bufferFrames), sent: 0 });
    },
    async removePort(port) {
      links.delete(port.portId);
    },
    pathHops,
    async carry(frame: Frame): Promise<Carriage> {
      const lossless = frame.trafficClass === fabric.TrafficClass.TRAFFIC_CLASS_LOSSLESS;
      const path = [linkOf(frame.initiator), undefined, linkOf(frame.target)];
      const hops = pathHops(frame.initiator, frame.target);
      const timer = new HopTimer(hops.length);
      let retransmissions = 0;
      let held: CreditLink | undefined;
      try {
        for (const [i, link] of path.entries()) {
          const outcome = await timer.at(i, async (): Promise<"sent" | "congestion" | "lost"> => {
            if (!link) {
              await waitUntil(0, frame.signal); // the switch's forwarding lookup
              return "sent";
            }
            if (!(await link.credits.take(lossless, holdNs, frame.signal))) return "congestion";
            // The frame left the previous hop's buffer: its credit goes back upstream.
            held?.credits.give();
            held = link;
            for (;;) {
              await link.wire.send(frame.sizeBytes, frame.signal);
              if (!corrupted(link)) return "sent";
              if (!lossless) return "lost";
              retransmissions += 1;
            }
          });
          if (outcome !== "sent") return { delivered: false, reason: outcome };
        }
        return { delivered: true, retransmissions, hops: hops.map((h, i) => ({ ...h, latencyNs: timer.latencyNs[i]! })) };
      } finally {
        held?.credits.give();
      }
    },
  };
}
