/** A response-time band of the rate card: transactions up to `upToNs` (inclusive); the last band has no bound. */
export interface ResponseTimeBand {
  name: string;
  upToNs?: bigint;
}

/** The name of the first band a duration fits in (bands ordered by bound, the last unbounded). */
export function bandOf(bands: readonly ResponseTimeBand[], durationNs: bigint): string {
  for (const band of bands) {
    if (band.upToNs === undefined || durationNs <= band.upToNs) return band.name;
  }
  return bands.at(-1)!.name;
}
