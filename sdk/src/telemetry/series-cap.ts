/** The application and resource id of a tenant's overflow series (records.proto, MetricSample.attributes). */
export const OVERFLOW_ID = "strata.overflow";

/** The only attribute of an overflow series. */
export const OVERFLOW_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({ "strata.overflow": "true" });

/** The default of Limits.max_series_per_tenant: OpenTelemetry's default cardinality limit. */
export const DEFAULT_MAX_SERIES_PER_TENANT = 2000;

/**
 * Counts one kind of series per tenant against the cap: a series beyond it
 * is never created (its work folds into the tenant's overflow series), so no
 * caller grows the endpoint's memory by inventing application or resource ids.
 */
export class TenantSeriesCap {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxSeriesPerTenant must be a positive integer, got ${max}`);
  }

  /** Takes a place for a new series of the tenant; false when the tenant is at the cap. */
  admit(tenantId: string): boolean {
    const count = this.counts.get(tenantId) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(tenantId, count + 1);
    return true;
  }

  /** Gives back the place of a forgotten series. */
  release(tenantId: string): void {
    const count = (this.counts.get(tenantId) ?? 0) - 1;
    if (count > 0) this.counts.set(tenantId, count);
    else this.counts.delete(tenantId);
  }
}
