/** How much unused limit a budget keeps for a burst: this long at its rate. */
const BURST_MS = 50;

/**
 * A target's CPU limit as a token bucket of CPU time (docs/compute.md,
 * Limits): it fills at the limit's rate, holds at most a short burst, and is
 * charged each unit's measured CPU time once the unit has run, so it may go
 * into debt. A unit may start while the bucket is not in debt; how long
 * until it may is what a scheduler waits, or what an admission controller
 * answers as RetryInfo.
 *
 * @example
 * const budget = createCpuBudget(250); // a quarter of a core
 * if (budget.waitMs() === 0) { const { cpuTimeNs } = await run(); budget.charge(cpuTimeNs); }
 */
export function createCpuBudget(limitMillicores: number, now: () => number = () => performance.now()) {
  let limit = limitMillicores;
  let tokensNs = 0;
  let at = now();
  const rateNsPerMs = () => limit * 1000; // 1000 millicores = 1e6 ns of CPU per ms
  const refill = () => {
    const t = now();
    tokensNs = Math.min(tokensNs + (t - at) * rateNsPerMs(), BURST_MS * rateNsPerMs());
    at = t;
  };
  return {
    /** The limit, millicores; 0 is unlimited. */
    get limitMillicores() { return limit; },
    /** Changes the limit (a policy was set); what the bucket holds stays. */
    setLimit(millicores: number) {
      refill();
      limit = millicores;
    },
    /** Milliseconds until a unit may start: 0 now, or how long the debt takes to pay off at the limit's rate. */
    waitMs(): number {
      if (limit === 0) return 0;
      refill();
      return tokensNs >= 0 ? 0 : -tokensNs / rateNsPerMs();
    },
    /** Charges a unit's measured CPU time. */
    charge(cpuTimeNs: number) {
      if (limit === 0) return;
      refill();
      tokensNs -= cpuTimeNs;
    },
  };
}

/** A CPU budget, as createCpuBudget makes it. */
export type CpuBudget = ReturnType<typeof createCpuBudget>;
