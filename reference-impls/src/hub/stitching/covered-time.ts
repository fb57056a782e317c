/** A span of time [start, end), in ns on one axis. */
export type Interval = readonly [start: number, end: number];

/**
 * The length of the union of intervals: time covered by at least one of
 * them, overlaps counted once. Sorts its argument.
 *
 * @example
 * coveredTime([[0, 10], [5, 20], [30, 40]]); // 30
 */
export function coveredTime(intervals: Interval[]): number {
  if (intervals.length === 0) return 0;
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = intervals[0]!;
  for (let i = 1; i < intervals.length; i++) {
    const [s, e] = intervals[i]!;
    if (s > end) {
      total += end - start;
      start = s;
      end = e;
    } else if (e > end) {
      end = e;
    }
  }
  return total + (end - start);
}
