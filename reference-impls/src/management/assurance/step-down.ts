import type { Load } from "./layer-control.js";

const tightest = (xs: Array<number | undefined>) => {
  const set = xs.filter((x): x is number => x !== undefined);
  return set.length > 0 ? Math.min(...set) : undefined;
};

/**
 * One step down of the limits a control set on a tenant: `fraction` of the
 * tightest rate of each kind held, and in words the tenant's load against it
 * (for the audit trail).
 *
 * @example
 * stepDown([{ opsPerSecond: 40 }], 0.5, { opsPerSecond: 50, bytesPerSecond: 0 }); // { next: { opsPerSecond: 20 }, against: "50 ops/s against 40" }
 */
export function stepDown(limits: ReadonlyArray<Partial<Load>>, fraction: number, now: Load): { next: Partial<Load>; against: string } {
  const ops = tightest(limits.map((l) => l.opsPerSecond));
  const bytes = tightest(limits.map((l) => l.bytesPerSecond));
  return {
    next: { ...(ops !== undefined ? { opsPerSecond: ops * fraction } : {}), ...(bytes !== undefined ? { bytesPerSecond: bytes * fraction } : {}) },
    against: [
      ops !== undefined ? `${now.opsPerSecond.toFixed(0)} ops/s against ${ops.toFixed(0)}` : "",
      bytes !== undefined ? `${(now.bytesPerSecond / 1e6).toFixed(2)} MB/s against ${(bytes / 1e6).toFixed(2)}` : "",
    ].filter(Boolean).join(", "),
  };
}
