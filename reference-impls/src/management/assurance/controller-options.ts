/** When the controller acts and relaxes (docs/assurance.md, "The controller"). */
export interface ControllerOptions {
  /** At risk when the window's percentile exceeds this fraction of the target (default 0.8). */
  riskFraction?: number;
  /** …or exceeds half the target and, at its last rise per window, would break it in the next window (default true). */
  trend?: boolean;
  /** Also act on a request record of the application that alone lasted longer than riskFraction of the target, before its window closes (default true). */
  earlyWarning?: boolean;
  /**
   * Also act on a request record of another tenant, not yet limited there, that alone lasted longer than
   * riskFraction of the target on a layer the application uses: the layer queues, and the application's next
   * request there waits as long (default true).
   */
  crowdingWarning?: boolean;
  /** Still at risk from a layer whose competitor is held and still presses against its limit: the limit is stepped down to this fraction of itself (default 0.5), never under the control's floor. */
  tightenFraction?: number;
  /** A step waits this long (hub time) after the limit or the step before, so that its effect shows first (default 1 s). */
  stepIntervalNs?: bigint;
  /** The risk must have passed for this long (hub time) before the controller relaxes (default 5 s), and the limited tenant no longer press against its limit. */
  holdNs?: bigint;
  /** A layer is blamed when its share grew by at least this fraction of the largest growth (default 0.25). */
  blameFraction?: number;
  /** …and by at least this fraction of the SLA's target (default 0.1): a layer that moved by noise is not blamed. */
  minGrowthFraction?: number;
  /** A tenant competes on a layer with at least this fraction of its operations (default 0.1). */
  minCompetitorShare?: number;
  /** The window of request records competitors' load is counted over (default 2 s). */
  loadWindowNs?: bigint;
  /** A limited tenant still presses against its limit at this fraction of it or more (default 0.8). */
  pressingFraction?: number;
  /** Calm windows remembered per layer as the share baseline (default 20). */
  calmWindows?: number;
  /** The clock actions are stamped with, UNIX ns. */
  now?: () => bigint;
}

/** The options with their defaults filled in; the load window stays optional (the load counter has its own default). */
export type ResolvedControllerOptions = Required<Omit<ControllerOptions, "loadWindowNs">> & Pick<ControllerOptions, "loadWindowNs">;

/** Fills in the defaults docs/assurance.md states. */
export const resolveControllerOptions = (options: ControllerOptions): ResolvedControllerOptions => ({
  riskFraction: 0.8, trend: true, earlyWarning: true, crowdingWarning: true, tightenFraction: 0.5, stepIntervalNs: 1_000_000_000n, holdNs: 5_000_000_000n,
  blameFraction: 0.25, minGrowthFraction: 0.1, minCompetitorShare: 0.1, calmWindows: 20, pressingFraction: 0.8, ...options,
  now: options.now ?? (() => BigInt(Date.now()) * 1_000_000n),
});
