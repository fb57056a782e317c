/** Up to this many intervals, an insertion sort in place: no allocation, and quickest for the few of most hops. */
const INSERTION_LIMIT = 32;

/**
 * The length of the union of `count` intervals [starts[k], ends[k]): time
 * covered by at least one of them, overlaps counted once. Sorts the first
 * `count` entries of both arrays by start.
 *
 * @example
 * coveredTime(Float64Array.of(30, 0, 5), Float64Array.of(40, 10, 20), 3); // 30
 */
export function coveredTime(starts: Float64Array, ends: Float64Array, count: number): number {
  if (count === 0) return 0;
  sortByStart(starts, ends, count);
  let total = 0;
  let start = starts[0]!;
  let end = ends[0]!;
  for (let k = 1; k < count; k++) {
    const s = starts[k]!;
    const e = ends[k]!;
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

function sortByStart(starts: Float64Array, ends: Float64Array, count: number): void {
  if (count > INSERTION_LIMIT) {
    const pairs = Array.from({ length: count }, (_, k) => [starts[k]!, ends[k]!] as const).sort((a, b) => a[0] - b[0]);
    for (let k = 0; k < count; k++) [starts[k], ends[k]] = pairs[k]!;
    return;
  }
  for (let k = 1; k < count; k++) {
    const s = starts[k]!;
    const e = ends[k]!;
    let j = k;
    for (; j > 0 && starts[j - 1]! > s; j--) {
      starts[j] = starts[j - 1]!;
      ends[j] = ends[j - 1]!;
    }
    starts[j] = s;
    ends[j] = e;
  }
}
