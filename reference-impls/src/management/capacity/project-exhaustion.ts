import { theilSen, type TrendPoint } from "./theil-sen.js";

/** Where a utilization series stands and is heading. */
export interface Projection {
  /** The fitted utilization now, percent (the latest value when no line fits). */
  levelPercent: number;
  /** Percentage points per second; 0 when no line fits. */
  trendPercentPerSecond: number;
  /** Seconds from now until the fitted line reaches 100 %; undefined when it does not grow. */
  secondsToExhaustion?: number;
}

/**
 * Projects when a utilization series (percent) reaches 100 %: the Theil–Sen
 * line of its recent points, followed forward from `nowS`. A series already
 * at 100 % is exhausted now.
 */
export function projectExhaustion(points: readonly TrendPoint[], nowS: number): Projection {
  const latest = points.at(-1)?.v ?? 0;
  if (latest >= 100) return { levelPercent: latest, trendPercentPerSecond: 0, secondsToExhaustion: 0 };
  const line = points.length >= 3 ? theilSen(points) : undefined;
  if (!line) return { levelPercent: latest, trendPercentPerSecond: 0 };
  const level = line.intercept + line.slope * nowS;
  if (line.slope <= 0) return { levelPercent: level, trendPercentPerSecond: line.slope };
  return { levelPercent: level, trendPercentPerSecond: line.slope, secondsToExhaustion: Math.max(0, (100 - level) / line.slope) };
}
