import type { IoLatency } from "./contracts.js";
import { createLatencyWindow, type LatencyWindow } from "./latency-window.js";

/**
 * Recent I/O latency of an element tenants share (a device), kept per tenant
 * besides the total: a tenant is shown the latency of its own I/O there, an
 * operator everyone's, so no tenant reads another's activity off a shared
 * device. A tenant's window is dropped once it has aged empty.
 */
export function createTenantLatency(windowNs: bigint = 10_000_000_000n) {
  const total = createLatencyWindow(windowNs);
  const tenants = new Map<string, LatencyWindow>();
  let sweptAtNs = process.hrtime.bigint();

  /** Forgets tenants without I/O in the window, at most once a window: memory follows the tenants active now. */
  const sweep = () => {
    const now = process.hrtime.bigint();
    if (now - sweptAtNs < windowNs) return;
    sweptAtNs = now;
    for (const [tenantId, window] of tenants) if (window.summary().ops === 0n) tenants.delete(tenantId);
  };

  return {
    add(tenantId: string, latencyNs: bigint): void {
      sweep();
      let window = tenants.get(tenantId);
      if (!window) tenants.set(tenantId, (window = createLatencyWindow(windowNs)));
      window.add(latencyNs);
      total.add(latencyNs);
    },
    /** What a viewer may see: the I/O of `tenantId`, or of every tenant when it is undefined (an operator). */
    summary(tenantId: string | undefined): IoLatency {
      if (tenantId === undefined) return total.summary();
      return (tenants.get(tenantId) ?? createLatencyWindow(windowNs)).summary();
    },
  };
}

/** Per-tenant latency of a shared element, as createTenantLatency makes it. */
export type TenantLatency = ReturnType<typeof createTenantLatency>;
