import type { core } from "@strata/sdk/contracts";

/** What the controller remembers of one SLA between windows. */
export interface SlaState {
  /** Per layer, its mean share of the last calm windows, ns (the baseline a grown share is measured against). */
  calm: Map<core.Layer, number[]>;
  /** Hub time of the last window or warning at risk, ns. */
  lastRiskNs: bigint;
  /** The percentile of the last window, ns. */
  previous?: number;
  /** The holds the SLA shares (keys of the controller's holds). */
  holds: Set<string>;
}

export const newSlaState = (): SlaState => ({ calm: new Map(), lastRiskNs: 0n, holds: new Set<string>() });

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

/** A layer's calm baseline: the median of its share in the remembered calm windows (0 before any). */
export const calmBaseline = (state: SlaState, layer: core.Layer): number => median(state.calm.get(layer) ?? []);

/** Remembers a calm window's layer shares, the last `calmWindows` per layer. */
export function rememberCalm(state: SlaState, layerMeanNs: ReadonlyMap<core.Layer, number>, calmWindows: number): void {
  for (const [layer, mean] of layerMeanNs) {
    const calm = state.calm.get(layer) ?? [];
    calm.push(mean);
    if (calm.length > calmWindows) calm.shift();
    state.calm.set(layer, calm);
  }
}

/** Moves the SLA's last risk forward to `atNs` (never back: records arrive out of order). */
export const markRisk = (state: SlaState, atNs: bigint): void => {
  if (atNs > state.lastRiskNs) state.lastRiskNs = atNs;
};
