import { createLatencyWindow, storage } from "@strata/sdk/storage";

export interface SpindleModel {
  /** Fixed cost of one operation (seek + rotation), ns. */
  accessNs: number;
  /** Media transfer rate, bytes per second. */
  bytesPerSecond: number;
}

/**
 * A simulated disk: one operation at a time, each taking access time plus
 * transfer time, queued behind the ones before it. Waits shorter than a
 * timer's resolution are accounted for but not slept, so a lightly loaded
 * spindle is fast and a busy one builds a real queue.
 */
export class Spindle {
  private busyUntilNs = 0n;
  private readonly window = createLatencyWindow();

  constructor(readonly deviceId: string, private readonly model: SpindleModel, private readonly capacityBytes: bigint) {}

  /** Runs one I/O of `bytes` through the spindle's queue; resolves when it completes. */
  async io(bytes: number): Promise<void> {
    const now = process.hrtime.bigint();
    const service = BigInt(Math.round(this.model.accessNs + (bytes / this.model.bytesPerSecond) * 1e9));
    const start = this.busyUntilNs > now ? this.busyUntilNs : now;
    this.busyUntilNs = start + service;
    const waitMs = Number(this.busyUntilNs - now) / 1e6;
    if (waitMs >= 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    this.window.add(this.busyUntilNs - now);
  }

  latency(): storage.IoLatency {
    return this.window.summary();
  }

  describe(): storage.Device {
    return {
      deviceId: this.deviceId, kind: storage.DeviceKind.DEVICE_KIND_HDD,
      description: `simulated spindle (${this.model.accessNs / 1000} µs access, ${this.model.bytesPerSecond / 1e6} MB/s)`,
      latency: this.latency(), capacityBytes: this.capacityBytes,
    };
  }
}
