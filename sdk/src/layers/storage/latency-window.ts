import type { IoLatency } from "./contracts.js";

/**
 * Recent I/O latency of a device, LUN or volume over a sliding window (default
 * 10 s), for PlacementService answers. Ten slots age old samples out cheaply.
 */
export function createLatencyWindow(windowNs: bigint = 10_000_000_000n) {
  const slots = 10;
  const slotNs = windowNs / BigInt(slots);
  const ops = new Array<number>(slots).fill(0);
  const sums = new Array<number>(slots).fill(0);
  const maxes = new Array<number>(slots).fill(0);
  let currentSlot = -1n;

  const advance = () => {
    const slot = process.hrtime.bigint() / slotNs;
    if (currentSlot >= 0n) {
      for (let s = currentSlot + 1n; s <= slot && s <= currentSlot + BigInt(slots); s++) {
        const i = Number(s % BigInt(slots));
        ops[i] = 0; sums[i] = 0; maxes[i] = 0;
      }
    }
    currentSlot = slot;
    return Number(slot % BigInt(slots));
  };

  return {
    add(latencyNs: bigint) {
      const i = advance();
      const ns = Number(latencyNs);
      ops[i]! += 1; sums[i]! += ns; maxes[i] = Math.max(maxes[i]!, ns);
    },
    summary(): IoLatency {
      advance();
      const n = ops.reduce((a, b) => a + b, 0);
      const sum = sums.reduce((a, b) => a + b, 0);
      return {
        windowNs, ops: BigInt(n),
        meanLatencyNs: n === 0 ? 0n : BigInt(Math.round(sum / n)),
        maxLatencyNs: BigInt(Math.max(...maxes)),
      };
    },
  };
}

/** A sliding-window latency summary, as createLatencyWindow makes it. */
export type LatencyWindow = ReturnType<typeof createLatencyWindow>;
