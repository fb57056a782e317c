import { ExponentialHistogram } from "@strata/sdk/server";
import type { core, hub } from "@strata/sdk/contracts";
import type { JudgedTransaction } from "./judge-transaction.js";

/** What one application's transactions of one root layer gave in one interval. */
export interface RootCounts {
  /** End-to-end latency of the complete ones. */
  readonly endToEnd: ExponentialHistogram;
  complete: number;
  incomplete: number;
}

/** One breakdown interval of one application. */
export interface Bucket {
  /** By the layer of the root hop. */
  readonly byRoot: Map<core.Layer, RootCounts>;
  /** Each layer's share of the complete transactions that have a hop in it. */
  readonly shares: Map<core.Layer, ExponentialHistogram>;
  /** Incomplete transactions by reason. */
  readonly reasons: Map<hub.IncompleteReason, number>;
}

/**
 * One application's latency breakdown: a bucket per interval (by the time
 * the hub judged each transaction) holding exponential histograms that
 * merge exactly, for GetLatencyBreakdown windows and the derived samples.
 */
export class ApplicationLatency {
  readonly buckets = new Map<number, Bucket>();
  /** Every layer a judged transaction of it had a hop in. */
  readonly layers = new Set<core.Layer>();
  lastJudgedUnixNano = 0n;
  /** The cumulative counts of its counter series, by root layer and completeness, as last published. */
  readonly counters = new Map<string, { value: number; seriesStartTimeUnixNano: bigint }>();

  constructor(readonly tenantId: string, readonly applicationId: string) {}

  add(transaction: JudgedTransaction, interval: number): void {
    let bucket = this.buckets.get(interval);
    if (!bucket) this.buckets.set(interval, (bucket = { byRoot: new Map(), shares: new Map(), reasons: new Map() }));
    let root = bucket.byRoot.get(transaction.rootLayer);
    if (!root) bucket.byRoot.set(transaction.rootLayer, (root = { endToEnd: new ExponentialHistogram(), complete: 0, incomplete: 0 }));
    for (const share of transaction.shares) this.layers.add(share.layer);
    if (transaction.judgedAtUnixNano > this.lastJudgedUnixNano) this.lastJudgedUnixNano = transaction.judgedAtUnixNano;
    if (!transaction.complete) {
      root.incomplete++;
      for (const reason of transaction.reasons) bucket.reasons.set(reason, (bucket.reasons.get(reason) ?? 0) + 1);
      return;
    }
    root.complete++;
    root.endToEnd.record(transaction.durationNs);
    for (const share of transaction.shares) {
      let histogram = bucket.shares.get(share.layer);
      if (!histogram) bucket.shares.set(share.layer, (histogram = new ExponentialHistogram()));
      histogram.record(share.selfNs);
    }
  }

  /** Forgets the buckets of intervals before `first`. */
  prune(first: number): void {
    for (const interval of this.buckets.keys()) if (interval < first) this.buckets.delete(interval);
  }
}
