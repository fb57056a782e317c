/** How often the probe's timer ticks, ms. */
const TICK_MS = 1;

/**
 * The suite's own scheduling delay while some work runs: a timer ticking
 * every millisecond beside it, and the most any tick came late (the event
 * loop busy elsewhere, or the process waiting for a core on a loaded
 * machine). Time the suite spent not running is time a caller's stopwatch
 * counts and the endpoint's does not.
 */
export class SchedulingDelayProbe {
  private last = performance.now();
  private worst = 0;
  private readonly timer = setInterval(() => this.tick(), TICK_MS);

  /** Stops the probe; the worst lateness seen, ms (the stretch up to now included). */
  stop(): number {
    clearInterval(this.timer);
    this.tick();
    return this.worst;
  }

  private tick(): void {
    const now = performance.now();
    this.worst = Math.max(this.worst, now - this.last - TICK_MS);
    this.last = now;
  }
}

/** Runs `work` beside a SchedulingDelayProbe: its value, and the suite's worst scheduling delay meanwhile, ms. */
export async function withSchedulingDelay<T>(work: () => Promise<T>): Promise<{ value: T; delayMs: number }> {
  const probe = new SchedulingDelayProbe();
  try {
    const value = await work();
    return { value, delayMs: probe.stop() };
  } finally {
    probe.stop();
  }
}

/** UNIX epoch nanoseconds on the suite's clock (monotonic, anchored to the epoch once), as records state times. */
export function epochNanos(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
