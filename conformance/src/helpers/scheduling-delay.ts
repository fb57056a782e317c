/** How often the probe's timer ticks, ms. */
const TICK_MS = 1;

/**
 * The suite's own scheduling delay while some work runs: a timer ticking
 * every millisecond beside it, and the longest stretch it could not tick
 * (the event loop busy elsewhere, or the process waiting for a core on a
 * loaded machine). Time the suite spent not running is time a caller's
 * stopwatch counts and the endpoint's does not. Only the longest stretch
 * counts: on a loaded machine every wake-up of an idle process comes a
 * little late, which adds up to most of any wait and excuses nothing.
 */
export class SchedulingDelayProbe {
  private last = performance.now();
  private worst = 0;
  private stopped = false;
  private readonly timer = setInterval(() => this.tick(), TICK_MS);

  /** Stops the probe (again: no-op); the longest stretch its timer came late, ms, the one up to now included. */
  stop(): number {
    if (!this.stopped) {
      this.stopped = true;
      clearInterval(this.timer);
      this.tick();
    }
    return this.worst;
  }

  private tick(): void {
    const now = performance.now();
    this.worst = Math.max(this.worst, now - this.last - TICK_MS);
    this.last = now;
  }
}

/** UNIX epoch nanoseconds on the suite's clock (monotonic, anchored to the epoch once), as records state times. */
export function epochNanos(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
