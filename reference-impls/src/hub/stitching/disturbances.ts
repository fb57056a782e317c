/**
 * The disturbances of the layer endpoints' streams, as far as completeness
 * needs them (docs/hub.md, "Completeness"): a Gap or a restart is an instant
 * one, a time without a synced stream a lasting one. A transaction is
 * touched when a disturbance was going on at any time from `settleMs` before
 * its first record up to its judgement: it may have lost hops to it.
 */
export class Disturbances {
  /** Per source: whether a disturbance goes on, and when the last one ended (ms, the stitcher's clock). */
  private readonly sources = new Map<string, { ongoing: boolean; lastEndMs: number }>();

  constructor(private readonly settleMs: number) {}

  /** A disturbance of `source` begins and lasts until end(). */
  begin(source: string): void {
    this.entry(source).ongoing = true;
  }

  /** The disturbance of `source` ends now. */
  end(source: string, nowMs: number): void {
    const entry = this.entry(source);
    if (!entry.ongoing) return;
    entry.ongoing = false;
    entry.lastEndMs = nowMs;
  }

  /** An instant disturbance of `source` (a Gap, a restart). */
  pulse(source: string, nowMs: number): void {
    const entry = this.entry(source);
    entry.lastEndMs = Math.max(entry.lastEndMs, nowMs);
  }

  /** True when a disturbance went on between settleMs before firstSeenMs and now. */
  touches(firstSeenMs: number): boolean {
    for (const { ongoing, lastEndMs } of this.sources.values()) {
      if (ongoing || lastEndMs >= firstSeenMs - this.settleMs) return true;
    }
    return false;
  }

  /** True while some source is disturbed. */
  get anyOngoing(): boolean {
    for (const entry of this.sources.values()) if (entry.ongoing) return true;
    return false;
  }

  private entry(source: string) {
    let entry = this.sources.get(source);
    if (!entry) this.sources.set(source, (entry = { ongoing: false, lastEndMs: -Infinity }));
    return entry;
  }
}
