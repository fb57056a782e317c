import { core, management, type telemetry } from "@strata/sdk/contracts";
import { ExponentialHistogram } from "@strata/sdk/server";
import { RobustBaseline, type BaselineOptions } from "./robust-baseline.js";

const LATENCY = "strata.hub.transaction.latency";
const LAYER_TIME = "strata.hub.transaction.layer_time";
const PERCENTILES = [50, 95, 99] as const;

export interface PerformanceTrackerOptions {
  baseline?: BaselineOptions;
  /** Intervals with fewer transactions than this are not judged (default 1: every interval that has one; a fault that slows an application also thins its intervals). */
  minTransactions?: number;
  /** Anomalies kept, newest first (default 1000). */
  retainedAnomalies?: number;
}

interface Series {
  tenantId: string;
  applicationId: string;
  /** LAYER_UNSPECIFIED: end to end. */
  layer: core.Layer;
  percentile: number;
  baseline: RobustBaseline;
  latest: number;
}

export interface PerformanceTracker {
  /** Feeds a batch of the hub's samples; returns the anomalies it raised. */
  observe(samples: readonly telemetry.MetricSample[]): management.Anomaly[];
  baselines(tenantId: string, applicationId: string): management.Baseline[];
  /** The applications with a baseline, by tenant and application id. */
  applications(): Array<{ tenantId: string; applicationId: string }>;
  anomalies(filter?: { tenantIds?: readonly string[]; openOnly?: boolean }): management.Anomaly[];
}

/**
 * Baselines and anomalies from the hub's derived latency samples: for each
 * application, interval and percentile, the end-to-end latency
 * (strata.hub.transaction.latency) and each layer's share
 * (strata.hub.transaction.layer_time) each feed their own robust baseline.
 * When any series of an application (end to end or a layer's) has been out
 * of its baseline long enough, one anomaly per application and percentile is
 * raised, naming the layer furthest above its own threshold in that
 * interval: a layer that moved a little beside one that moved a lot is not
 * blamed.
 */
export function createPerformanceTracker(options: PerformanceTrackerOptions = {}): PerformanceTracker {
  const minTransactions = options.minTransactions ?? 1;
  const retained = options.retainedAnomalies ?? 1000;
  const series = new Map<string, Series>();
  const anomalies: management.Anomaly[] = [];
  const open = new Map<string, management.Anomaly>();
  const keyOf = (t: string, a: string, layer: core.Layer | "e2e" | "app", p: number) => `${t}\u0000${a}\u0000${layer}\u0000${p}`;

  const baselineOf = (s: Series) => management.Baseline.fromPartial({
    tenantId: s.tenantId, applicationId: s.applicationId, layer: s.layer, percentile: s.percentile,
    centerNs: s.baseline.center(), spreadNs: s.baseline.spread(), intervals: s.baseline.intervals, latestNs: s.latest, timeOfDay: s.baseline.timeOfDay,
  });
  const appKey = (s: Series) => keyOf(s.tenantId, s.applicationId, "app", s.percentile);
  /** One anomaly per application and percentile while any of its series is out: a second series going out adds none. */
  const raise = (s: Series, layer: core.Layer, at: bigint, value: number): management.Anomaly | undefined => {
    const key = appKey(s);
    if (open.has(key)) return undefined;
    const anomaly = management.Anomaly.fromPartial({
      tenantId: s.tenantId, applicationId: s.applicationId, layer, percentile: s.percentile, raisedTimeUnixNano: at, valueNs: value, baseline: baselineOf(s),
    });
    open.set(key, anomaly);
    anomalies.unshift(anomaly);
    if (anomalies.length > retained) anomalies.pop();
    return anomaly;
  };
  /** Clears the application's anomaly once none of its series of that percentile is out any more. */
  const clear = (s: Series, at: bigint) => {
    const anomaly = open.get(appKey(s));
    if (!anomaly) return;
    for (const other of series.values()) {
      if (other.tenantId === s.tenantId && other.applicationId === s.applicationId && other.percentile === s.percentile && other.baseline.anomalous) return;
    }
    anomaly.clearedTimeUnixNano = at;
    open.delete(appKey(s));
  };
  /** The application's layer furthest above its threshold now, for a percentile. */
  const culprit = (tenantId: string, applicationId: string, percentile: number): core.Layer => {
    let best: { layer: core.Layer; excess: number } = { layer: core.Layer.LAYER_UNSPECIFIED, excess: 0 };
    for (const s of series.values()) {
      if (s.tenantId !== tenantId || s.applicationId !== applicationId || s.percentile !== percentile || s.layer === core.Layer.LAYER_UNSPECIFIED) continue;
      const excess = s.baseline.intervals > 0 ? s.baseline.excess(s.latest) : 0;
      if (excess > best.excess) best = { layer: s.layer, excess };
    }
    return best.layer;
  };

  return {
    observe(samples) {
      const raised: management.Anomaly[] = [];
      // Layers first, so that an end-to-end anomaly of the same interval can name the layer that moved.
      const ours = samples.filter((s) => (s.metric === LAYER_TIME || s.metric === LATENCY) && s.histogram)
        .sort((a, b) => (a.metric === b.metric ? 0 : a.metric === LAYER_TIME ? -1 : 1));
      for (const sample of ours) {
        if (Number(sample.histogram!.count) < minTransactions) continue;
        const histogram = ExponentialHistogram.fromProto(sample.histogram!);
        const layer = sample.metric === LAYER_TIME ? sample.layer : core.Layer.LAYER_UNSPECIFIED;
        for (const percentile of PERCENTILES) {
          const key = keyOf(sample.tenantId, sample.applicationId, sample.metric === LAYER_TIME ? layer : "e2e", percentile);
          const s = series.get(key) ?? {
            tenantId: sample.tenantId, applicationId: sample.applicationId, layer, percentile, baseline: new RobustBaseline(options.baseline), latest: 0,
          };
          series.set(key, s);
          s.latest = histogram.quantile(percentile / 100);
          const judged = s.baseline.observe(s.latest, sample.timeUnixNano);
          if (judged.raised) {
            // Whichever series went out, the anomaly names the layer furthest above its own threshold now.
            const named = culprit(s.tenantId, s.applicationId, percentile);
            const anomaly = raise(s, named, sample.timeUnixNano, s.latest);
            if (anomaly) raised.push(anomaly);
          }
          if (judged.cleared) clear(s, sample.timeUnixNano);
        }
      }
      return raised;
    },
    baselines: (tenantId, applicationId) => [...series.values()]
      .filter((s) => s.tenantId === tenantId && s.applicationId === applicationId)
      .sort((a, b) => a.layer - b.layer || a.percentile - b.percentile)
      .map(baselineOf),
    applications: () => [...new Map([...series.values()].map((s) => [`${s.tenantId}/${s.applicationId}`, { tenantId: s.tenantId, applicationId: s.applicationId }])).entries()]
      .sort(([a], [b]) => a.localeCompare(b)).map(([, app]) => app),
    anomalies: (filter = {}) => anomalies.filter((a) =>
      (!filter.tenantIds?.length || filter.tenantIds.includes(a.tenantId)) && (!filter.openOnly || a.clearedTimeUnixNano === 0n)),
  };
}
