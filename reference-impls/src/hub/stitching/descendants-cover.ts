import { coveredTime } from "./covered-time.js";
import type { Scratch } from "./judge-scratch.js";

/**
 * The time within hop `i` that its descendants cover, overlaps once: every
 * descendant's interval clipped to the hop's own. Not only the children's: a
 * request answered asynchronously (a LAN Send whose receiver works on after
 * the Send returned) hangs the receiver's work under a short hop, while the
 * caller waits for it; counting only children would count that wait twice.
 * For a tree whose hops nest within their parents it equals the children's
 * cover. Each hop's children are walked once, so that a cycle of parent
 * links (no root) ends. No allocation.
 */
export function descendantsCover(i: number, n: number, work: Scratch): number {
  const { firstChild, nextSibling, starts, ends, coverStarts, coverEnds, pending, walked } = work;
  const first = firstChild[i]!;
  if (first < 0) return 0;
  const from = starts[i]!;
  const to = ends[i]!;
  if (nextSibling[first]! < 0 && firstChild[first]! < 0) return Math.max(0, Math.min(to, ends[first]!) - Math.max(from, starts[first]!));
  if (++work.stamp > 0x3fffffff) {
    walked.fill(0);
    work.stamp = 1;
  }
  const stamp = work.stamp;
  walked[i] = stamp;
  let count = 0;
  let top = 0;
  pending[top++] = first;
  while (top > 0) {
    for (let c = pending[--top]!; c >= 0; c = nextSibling[c]!) {
      const start = Math.max(from, starts[c]!);
      const end = Math.min(to, ends[c]!);
      if (end > start && count < n) {
        coverStarts[count] = start;
        coverEnds[count] = end;
        count++;
      }
      if (firstChild[c]! >= 0 && walked[c] !== stamp) {
        walked[c] = stamp;
        pending[top++] = firstChild[c]!;
      }
    }
  }
  return coveredTime(coverStarts, coverEnds, count);
}
