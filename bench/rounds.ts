// What every bench reports: a ratio of ours to a baseline measured side by
// side in interleaved rounds, as the median of the per-round ratios and their
// spread, so one noisy round on a busy machine neither hides nor fakes a result.

/** One line of the bench table. */
export interface Row {
  bench: string;
  ours: string;
  baseline: string;
  /** The median of the per-round ratios. */
  ratio: number;
  /** The lowest and highest per-round ratio, when measured in rounds. */
  spread?: readonly [number, number];
  target: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median and spread of ours[i] ÷ baseline[i] over rounds measured alternately. */
export function roundRatio(ours: readonly number[], baseline: readonly number[]): { ratio: number; spread: readonly [number, number] } {
  if (ours.length !== baseline.length || ours.length === 0) throw new RangeError("roundRatio: one baseline per round");
  const ratios = ours.map((value, i) => value / baseline[i]!);
  return { ratio: median(ratios), spread: [Math.min(...ratios), Math.max(...ratios)] };
}
