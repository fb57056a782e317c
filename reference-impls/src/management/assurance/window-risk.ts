import type { ResolvedControllerOptions } from "./controller-options.js";
import type { SlaState } from "./sla-state.js";

export const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;

/**
 * Judges one window's percentile `p` against the SLA's target: at risk above
 * riskFraction of it, or (with the trend) above half of it and rising so
 * that, at the same rise, the next window would break it. Remembers `p` as
 * the state's previous percentile. `why` says it in words for the audit.
 */
export function windowRisk(state: SlaState, percentile: number, p: number, targetNs: number, o: Pick<ResolvedControllerOptions, "riskFraction" | "trend">): { atRisk: boolean; why: string } {
  const rising = state.previous !== undefined && p > state.previous && p + (p - state.previous) > targetNs && p > targetNs / 2;
  state.previous = p;
  const above = p > o.riskFraction * targetNs;
  return {
    atRisk: above || (o.trend && rising),
    why: `p${percentile} ${ms(p)} ${above ? `above ${o.riskFraction * 100} % of` : "rising towards"} the ${ms(targetNs)} target`,
  };
}
