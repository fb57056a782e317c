import { ExponentialHistogram } from "@strata/sdk/server";
import type { core, hub, telemetry } from "@strata/sdk/contracts";
import { ApplicationLatency } from "./application-latency.js";
import { derivedSamples } from "./derived-samples.js";
import type { JudgedTransaction } from "./judge-transaction.js";

export interface LatencyBookOptions {
  /** Length of one breakdown interval, ns. */
  intervalNs: bigint;
  /** Intervals kept per application. */
  retainedIntervals: number;
  /** Applications kept; beyond, the one judged least recently is forgotten. */
  maxApplications: number;
}

/** An application's latency over a window: merged histograms and counts. */
export interface Breakdown {
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly endToEnd: ExponentialHistogram;
  /** In Layer order. */
  readonly layers: ReadonlyMap<core.Layer, ExponentialHistogram>;
  readonly complete: number;
  readonly incomplete: number;
  readonly reasons: ReadonlyMap<hub.IncompleteReason, number>;
}

const keyOf = (tenantId: string, applicationId: string) => `${tenantId}\u0000${applicationId}`;

/**
 * The latency breakdowns of every application, by breakdown interval of the
 * time each transaction was judged. Bounded: retainedIntervals per
 * application and maxApplications in all (kept in order of last judgement,
 * so the one forgotten first is the one judged least recently).
 */
export class LatencyBook {
  private readonly apps = new Map<string, ApplicationLatency>();
  private lastPublished: number | undefined;

  constructor(private readonly options: LatencyBookOptions) {}

  get size(): number {
    return this.apps.size;
  }

  /** The interval a time falls in. */
  intervalOf(timeUnixNano: bigint): number {
    return Number(timeUnixNano / this.options.intervalNs);
  }

  add(transaction: JudgedTransaction): void {
    const key = keyOf(transaction.tenantId, transaction.applicationId);
    let app = this.apps.get(key);
    if (app) this.apps.delete(key);
    else {
      app = new ApplicationLatency(transaction.tenantId, transaction.applicationId);
      if (this.apps.size >= this.options.maxApplications) this.apps.delete(this.apps.keys().next().value!);
    }
    this.apps.set(key, app);
    app.add(transaction, this.intervalOf(transaction.judgedAtUnixNano));
  }

  get(tenantId: string, applicationId: string): ApplicationLatency | undefined {
    return this.apps.get(keyOf(tenantId, applicationId));
  }

  applications(): IterableIterator<ApplicationLatency> {
    return this.apps.values();
  }

  /** The merge of the intervals that `windowNs` ending at `nowUnixNano` overlaps. */
  breakdown(app: ApplicationLatency | undefined, windowNs: bigint, nowUnixNano: bigint): Breakdown {
    const first = this.intervalOf(nowUnixNano - windowNs);
    const endToEnd = new ExponentialHistogram();
    const layers = new Map<core.Layer, ExponentialHistogram>();
    const reasons = new Map<hub.IncompleteReason, number>();
    let complete = 0;
    let incomplete = 0;
    for (const [interval, bucket] of app?.buckets ?? []) {
      if (interval < first) continue;
      for (const root of bucket.byRoot.values()) {
        endToEnd.merge(root.endToEnd);
        complete += root.complete;
        incomplete += root.incomplete;
      }
      for (const [layer, histogram] of bucket.shares) {
        let merged = layers.get(layer);
        if (!merged) layers.set(layer, (merged = new ExponentialHistogram()));
        merged.merge(histogram);
      }
      for (const [reason, count] of bucket.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
    }
    return {
      startTimeUnixNano: BigInt(first) * this.options.intervalNs,
      endTimeUnixNano: nowUnixNano,
      endToEnd,
      layers: new Map([...layers].sort(([a], [b]) => a - b)),
      complete,
      incomplete,
      reasons,
    };
  }

  /**
   * The derived samples of the intervals closed since the last call (none at
   * the first call, which only sets where publishing starts), and forgets
   * what is older than the retained intervals.
   */
  closeIntervals(nowUnixNano: bigint): telemetry.MetricSample[] {
    const current = this.intervalOf(nowUnixNano);
    const from = (this.lastPublished ?? current - 1) + 1;
    this.lastPublished = current - 1;
    const samples: telemetry.MetricSample[] = [];
    const { intervalNs, retainedIntervals } = this.options;
    for (let interval = from; interval < current; interval++) {
      const start = BigInt(interval) * intervalNs;
      for (const app of this.apps.values()) {
        const bucket = app.buckets.get(interval);
        if (bucket) samples.push(...derivedSamples(app, bucket, start, start + intervalNs));
      }
    }
    for (const [key, app] of this.apps) {
      app.prune(current - retainedIntervals);
      if (app.buckets.size === 0) this.apps.delete(key);
    }
    return samples;
  }
}
