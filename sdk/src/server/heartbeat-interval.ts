import type { FieldViolation } from "../errors/strata-error.js";

/** The shortest heartbeat interval a stream may ask for. */
export const MIN_HEARTBEAT_NS = 100_000_000n;

// Node's timers take at most 2^31 - 1 ms; a longer delay fires after 1 ms instead.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The violation of a stream's heartbeat_interval_ns (0 for the server default, else at least 100 ms), if any. */
export function heartbeatViolation(intervalNs: bigint): FieldViolation | undefined {
  if (intervalNs === 0n || intervalNs >= MIN_HEARTBEAT_NS) return undefined;
  return { field: "heartbeat_interval_ns", description: `must be 0 (server default) or at least ${MIN_HEARTBEAT_NS} ns` };
}

/**
 * The heartbeat timer's delay for a valid heartbeat_interval_ns: the default
 * for 0, and at most what a timer can wait (about 24.8 days), so that a huge
 * interval means "rarely", never "every millisecond".
 */
export function heartbeatDelayMs(intervalNs: bigint, defaultMs: number): number {
  const ms = intervalNs === 0n ? defaultMs : Number(intervalNs / 1_000_000n);
  return Math.min(MAX_TIMER_MS, ms);
}
