/** A point of a series: time in seconds (from any origin), value. */
export interface TrendPoint {
  t: number;
  v: number;
}

/** A fitted line v = intercept + slope × t. */
export interface TrendLine {
  slope: number;
  intercept: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The Theil–Sen line through the points: the slope is the median of the
 * slopes between every pair of points, the intercept the median of
 * v − slope × t. Up to about 29 % of the points may be outliers without
 * moving it (docs/capacity.md, "Projection model"). Undefined with fewer than
 * two distinct times. O(n²) pairs: callers keep n to a window (a few hundred).
 */
export function theilSen(points: readonly TrendPoint[]): TrendLine | undefined {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j]!.t - points[i]!.t;
      if (dt !== 0) slopes.push((points[j]!.v - points[i]!.v) / dt);
    }
  }
  if (slopes.length === 0) return undefined;
  const slope = median(slopes);
  return { slope, intercept: median(points.map((p) => p.v - slope * p.t)) };
}
