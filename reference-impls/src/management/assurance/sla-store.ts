import { management } from "@strata/sdk/contracts";

/** The percentiles an SLA may be on. */
export const SLA_PERCENTILES = [50, 95, 99] as const;

/** An SLA's key: tenant, application, percentile. */
export const slaKey = (tenantId: string, applicationId: string, percentile: number) => `${tenantId}\u0000${applicationId}\u0000${percentile}`;

/** The SLAs an assurance service holds, per tenant, application and percentile. */
export interface SlaStore {
  /** Creates or replaces an SLA (already validated, its tenant resolved). */
  set(sla: management.Sla): management.Sla;
  /** Removes an SLA; true when there was one. */
  delete(tenantId: string, applicationId: string, percentile: number): boolean;
  /** The SLAs of these tenants (undefined: every tenant's), by tenant, application and percentile. */
  list(tenantIds?: readonly string[]): management.Sla[];
  /** Called after every change, with the SLAs now held. */
  onChange(listener: (slas: management.Sla[]) => void): void;
}

/** An in-memory SLA store. */
export function createSlaStore(initial: readonly management.Sla[] = []): SlaStore {
  const slas = new Map<string, management.Sla>();
  const listeners: Array<(slas: management.Sla[]) => void> = [];
  const all = () => [...slas.values()].sort((a, b) =>
    a.tenantId.localeCompare(b.tenantId) || a.applicationId.localeCompare(b.applicationId) || a.percentile - b.percentile);
  const changed = () => { for (const listener of listeners) listener(all()); };
  for (const sla of initial) slas.set(slaKey(sla.tenantId, sla.applicationId, sla.percentile), management.Sla.fromPartial(sla));
  return {
    set(sla) {
      const stored = management.Sla.fromPartial(sla);
      slas.set(slaKey(sla.tenantId, sla.applicationId, sla.percentile), stored);
      changed();
      return stored;
    },
    delete(tenantId, applicationId, percentile) {
      const had = slas.delete(slaKey(tenantId, applicationId, percentile));
      if (had) changed();
      return had;
    },
    list: (tenantIds) => all().filter((s) => !tenantIds || tenantIds.includes(s.tenantId)),
    onChange: (listener) => void listeners.push(listener),
  };
}
