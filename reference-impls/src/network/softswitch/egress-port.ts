import { network } from "@strata/sdk/network";
import type { WireFrame } from "@strata/sdk/network";

const { Priority } = network;
const LANES = [Priority.PRIORITY_CRITICAL, Priority.PRIORITY_HIGH, Priority.PRIORITY_NORMAL, Priority.PRIORITY_LOW];

interface Waiting {
  readonly frame: WireFrame;
  done(transmitted: boolean): void;
}

/** Frames whose transmission ends within this of now go out in the current pass. */
const SLACK_NS = 1_000_000;

/**
 * One port's egress: a bounded queue of frames, in strict priority lanes, and
 * a transmitter that serialises them onto the port's wire at its line rate
 * (each frame takes payload / speed seconds). A frame arriving at a full
 * queue is tail-dropped. Frames queued in one turn of the event loop go out
 * in priority order.
 */
export class EgressPort {
  private readonly lanes: Waiting[][] = LANES.map(() => []);
  private size = 0;
  private busyUntilNs = 0;
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;

  constructor(
    private readonly speedBytesPerSecond: number,
    private readonly capacityFrames: number,
    private readonly transmit: (frame: WireFrame) => void,
  ) {}

  /** Queues a frame; resolves true once it is on the wire, false when it was tail-dropped or the port went. */
  enqueue(frame: WireFrame): Promise<boolean> {
    if (this.size >= this.capacityFrames) return Promise.resolve(false);
    return new Promise((done) => {
      const lane = LANES.indexOf(frame.priority === Priority.PRIORITY_UNSPECIFIED ? Priority.PRIORITY_NORMAL : frame.priority);
      this.lanes[lane < 0 ? 2 : lane]!.push({ frame, done });
      this.size++;
      this.timer ??= setImmediate(() => this.pump());
    });
  }

  /** Drops what is queued (the port went). */
  close(): void {
    clearImmediate(this.timer as NodeJS.Immediate);
    clearTimeout(this.timer as NodeJS.Timeout);
    this.timer = undefined;
    for (const lane of this.lanes) for (const waiting of lane.splice(0)) waiting.done(false);
    this.size = 0;
  }

  private pump(): void {
    this.timer = undefined;
    const now = Number(process.hrtime.bigint());
    for (;;) {
      const lane = this.lanes.find((l) => l.length > 0);
      if (!lane) return;
      const head = lane[0]!;
      const finish = Math.max(now, this.busyUntilNs) + (head.frame.payload.length * 1e9) / this.speedBytesPerSecond;
      if (finish > now + SLACK_NS) {
        this.timer = setTimeout(() => this.pump(), Math.ceil((finish - now) / 1e6));
        return;
      }
      lane.shift();
      this.size--;
      this.busyUntilNs = finish;
      this.transmit(head.frame);
      head.done(true);
    }
  }
}
