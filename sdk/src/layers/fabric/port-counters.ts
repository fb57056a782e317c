import type { FrameClass } from "./fabric-backend.js";
import { TrafficClass } from "./contracts.js";

/** What one port's link carried since it was made: the kit's gauges take rates of the growth. */
export interface PortTally {
  /** Payload bytes the link carried: an initiator's frames sent, a target's frames delivered. */
  linkBytes: number;
  /** Frames and their payload bytes delivered to a target. */
  deliveredFrames: number;
  deliveredBytes: number;
  /** Frames bound for a target that were dropped, per class. */
  bestEffortDrops: number;
  losslessDrops: number;
}

const fresh = (): PortTally => ({ linkBytes: 0, deliveredFrames: 0, deliveredBytes: 0, bestEffortDrops: 0, losslessDrops: 0 });

/** The running tallies of every port, kept while the port exists. */
export class PortCounters {
  private readonly tallies = new Map<string, PortTally>();

  /** The port's tally (a port never counted has zeros). */
  of(portId: string): PortTally {
    return this.tallies.get(portId) ?? fresh();
  }

  /** An initiator's link carried a frame (delivered or dropped further on). */
  sent(initiatorPortId: string, bytes: number): void {
    this.tally(initiatorPortId).linkBytes += bytes;
  }

  /** A frame arrived at its target's port. */
  delivered(targetPortId: string, bytes: number): void {
    const tally = this.tally(targetPortId);
    tally.linkBytes += bytes;
    tally.deliveredFrames += 1;
    tally.deliveredBytes += bytes;
  }

  /** A frame bound for a target was dropped. */
  dropped(targetPortId: string, trafficClass: FrameClass): void {
    const tally = this.tally(targetPortId);
    if (trafficClass === TrafficClass.TRAFFIC_CLASS_LOSSLESS) tally.losslessDrops += 1;
    else tally.bestEffortDrops += 1;
  }

  forget(portId: string): void {
    this.tallies.delete(portId);
  }

  private tally(portId: string): PortTally {
    let tally = this.tallies.get(portId);
    if (!tally) this.tallies.set(portId, (tally = fresh()));
    return tally;
  }
}
