import type { TransactionIssuer } from "@strata/sdk/device";
import { devicesOf, patternPayload } from "../shared/own-traffic.js";

/** One kind of transaction of the fleet's mix: its name, its share and its payload. */
export interface MixEntry {
  name: string;
  /** Relative weight in the mix, more than 0. */
  weight: number;
  payloadBytes: number;
}

export interface FleetLoadOptions {
  /** Transactions each device issues per second, on average (a Poisson process); 0 for none. */
  ratePerDevice: number;
  /** What the devices do, in what proportions. */
  mix: readonly MixEntry[];
  /** The tenants whose devices issue the load; every tenant's when empty. */
  tenants?: readonly string[];
  /** Seeds the arrivals and choices, so that a run can be repeated. */
  seed?: number;
  /** The most transactions of the load under way at once; arrivals beyond are skipped (default 1000). */
  maxOutstanding?: number;
}

/** A small seeded generator (mulberry32): uniform numbers in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fleet's own load: open-loop Poisson arrivals at ratePerDevice × the
 * devices enrolled, each from a device drawn at random, its transaction drawn
 * from the mix by weight. Arrivals never wait for answers (a user does not
 * know the others are slow), but at most maxOutstanding are under way.
 */
export class FleetLoad {
  private timer: NodeJS.Timeout | undefined;
  private outstanding = 0;
  private readonly random: () => number;
  private readonly totalWeight: number;
  /** Transactions issued and skipped so far. */
  readonly counts = { issued: 0, skipped: 0 };

  constructor(private readonly options: FleetLoadOptions, private readonly issuer: TransactionIssuer) {
    this.random = seeded(options.seed ?? 1);
    this.totalWeight = options.mix.reduce((sum, m) => sum + m.weight, 0);
  }

  start(): void {
    if (this.options.ratePerDevice > 0 && this.totalWeight > 0) this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const devices = devicesOf(this.issuer, this.options.tenants).length;
    // Without devices, look again in a second; else the next arrival of the whole fleet's process.
    const waitMs = devices === 0 ? 1000 : (-Math.log(1 - this.random()) / (this.options.ratePerDevice * devices)) * 1000;
    this.timer = setTimeout(() => {
      this.arrive();
      if (this.timer) this.schedule();
    }, waitMs).unref();
  }

  private arrive(): void {
    const devices = devicesOf(this.issuer, this.options.tenants);
    if (devices.length === 0) return;
    if (this.outstanding >= (this.options.maxOutstanding ?? 1000)) {
      this.counts.skipped++;
      return;
    }
    const device = devices[Math.floor(this.random() * devices.length)]!;
    const entry = this.pick();
    this.outstanding++;
    this.counts.issued++;
    void this.issuer.issue(device.deviceId, { transactionName: entry.name, payload: patternPayload(entry.name, entry.payloadBytes) })
      .catch(() => undefined)
      .finally(() => { this.outstanding--; });
  }

  private pick(): MixEntry {
    let left = this.random() * this.totalWeight;
    for (const entry of this.options.mix) {
      left -= entry.weight;
      if (left < 0) return entry;
    }
    return this.options.mix[this.options.mix.length - 1]!;
  }
}
