import { createTenantLatency, storage } from "@strata/sdk/storage";

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
  private readonly window: ReturnType<typeof createTenantLatency>;

  /** `latencyWindowNs`: the window its latency summarises (default 10 s). */
  constructor(readonly deviceId: string, private readonly model: SpindleModel, private readonly capacityBytes: bigint, latencyWindowNs?: bigint) {
    this.window = createTenantLatency(latencyWindowNs);
  }

  /** Runs one I/O of `bytes` for a tenant through the spindle's queue; resolves when it completes. */
  async io(bytes: number, tenantId: string): Promise<void> {
    const now = process.hrtime.bigint();
    const service = BigInt(Math.round(this.model.accessNs + (bytes / this.model.bytesPerSecond) * 1e9));
    const start = this.busyUntilNs > now ? this.busyUntilNs : now;
    // Its own completion: I/O queued behind it while it waits moves busyUntilNs on, not its latency.
    const done = start + service;
    this.busyUntilNs = done;
    const waitMs = Number(done - now) / 1e6;
    if (waitMs >= 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    this.window.add(tenantId, done - now);
  }

  /** Recent latency of the I/O of one tenant, or of every tenant (undefined). */
  latency(tenantId: string | undefined): storage.IoLatency {
    return this.window.summary(tenantId);
  }

  /** The spindle as a Device, its latency as a viewer tenant may see it (undefined: every tenant's). */
  describe(viewerTenantId: string | undefined): storage.Device {
    return {
      deviceId: this.deviceId, kind: storage.DeviceKind.DEVICE_KIND_HDD,
      description: `simulated spindle (${this.model.accessNs / 1000} µs access, ${this.model.bytesPerSecond / 1e6} MB/s)`,
      latency: this.latency(viewerTenantId), capacityBytes: this.capacityBytes,
    };
  }
}
