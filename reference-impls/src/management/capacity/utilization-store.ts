import type { core, telemetry } from "@strata/sdk/contracts";
import type { TrendPoint } from "./theil-sen.js";
import { UTILIZATION_METRICS } from "./utilization-metrics.js";

/** One resource's utilization over the trend window. */
export interface UtilizationSeries {
  metric: string;
  kind: string;
  layer: core.Layer;
  resourceId: string;
  tenantId: string;
  applicationId: string;
  /** Times in seconds since the UNIX epoch (each sample's interval end), oldest first. */
  points: TrendPoint[];
}

/** Seconds since the epoch of a UNIX-nanosecond time. */
export const secondsOf = (unixNano: bigint): number => Number(unixNano / 1_000_000n) / 1000;

/**
 * The recent utilization samples of every resource, one series per (metric,
 * resource), kept for the trend window only: memory grows with resources,
 * not with time.
 */
export class UtilizationStore {
  private readonly series = new Map<string, UtilizationSeries>();
  /** The interval of the latest sample, seconds; 0 before any. */
  intervalSeconds = 0;

  constructor(private readonly windowSeconds: number) {}

  /** Adds the utilization samples among `samples`; others are ignored. */
  add(samples: readonly telemetry.MetricSample[]): void {
    for (const s of samples) {
      const known = UTILIZATION_METRICS[s.metric];
      if (!known || s.gauge === undefined || s.attributes["strata.overflow"] === "true") continue;
      const key = `${s.metric}\u0000${s.resourceId}`;
      const series = this.series.get(key) ?? {
        metric: s.metric, kind: known.kind, layer: s.layer, resourceId: s.resourceId, tenantId: s.tenantId, applicationId: s.applicationId, points: [],
      };
      const t = secondsOf(s.timeUnixNano);
      this.intervalSeconds = t - secondsOf(s.startTimeUnixNano);
      const last = series.points.at(-1);
      if (last && last.t >= t) continue; // a replayed or merged sample of a time already held
      series.points.push({ t, v: s.gauge.value });
      this.series.set(key, series);
    }
  }

  /** Every series with a point within the window before `nowS` (or a shorter one), its points cut to it. */
  current(nowS: number, windowSeconds = this.windowSeconds): UtilizationSeries[] {
    const kept = nowS - this.windowSeconds;
    for (const [key, series] of this.series) {
      series.points = series.points.filter((p) => p.t >= kept);
      if (series.points.length === 0) this.series.delete(key);
    }
    const from = nowS - Math.min(windowSeconds, this.windowSeconds);
    return [...this.series.values()]
      .map((series) => ({ ...series, points: series.points.filter((p) => p.t >= from) }))
      .filter((series) => series.points.length > 0);
  }
}
