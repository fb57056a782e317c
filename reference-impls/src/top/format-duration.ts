/** A duration in ns as a short human figure: "840 µs", "12.3 ms", "1.20 s"; "—" when there is none. */
export function formatDuration(ns: number | undefined): string {
  if (ns === undefined || !Number.isFinite(ns)) return "—";
  if (ns < 1_000) return `${Math.round(ns)} ns`;
  if (ns < 1_000_000) return `${Math.round(ns / 1_000)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 2 : 1)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}
