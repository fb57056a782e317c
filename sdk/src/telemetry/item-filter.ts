import type { Selector } from "../gen/strata/telemetry/v1/telemetry.js";
import type { LogItem } from "./telemetry-log.js";

/** Decides which log items one subscription receives. */
export interface ItemFilter {
  matches(item: LogItem): boolean;
  /** Equal for two filters that select exactly the same items: streams with one key share encoded batches. */
  readonly key: string;
}

/**
 * The filter of a selector within a tenant scope (undefined: every tenant)
 * and a sample interval (as a multiple of the base interval). Within a list
 * values are alternatives, across lists all apply, an empty list does not
 * filter; metrics filter samples only.
 */
export function createItemFilter(selector: Selector, tenants: readonly string[] | undefined, intervalMultiple: number): ItemFilter {
  const tenantSet = tenants ? new Set(tenants) : undefined;
  const applications = setOf(selector.applicationIds);
  const resources = setOf(selector.resourceIds);
  const metrics = setOf(selector.metrics);
  const layers = setOf(selector.layers);
  const includeRecords = selector.includeRecords;
  const includeSamples = !selector.excludeSamples;
  const key = JSON.stringify([
    sorted(tenantSet), sorted(applications), sorted(resources), sorted(metrics), sorted(layers),
    includeRecords, includeSamples, intervalMultiple,
  ]);
  return {
    key,
    matches(item) {
      if (item.kind === 0 ? !includeRecords : !includeSamples || item.intervalMultiple !== intervalMultiple) return false;
      if (item.kind === 1 && metrics && !metrics.has(item.metric)) return false;
      return (!tenantSet || tenantSet.has(item.tenantId))
        && (!applications || applications.has(item.applicationId))
        && (!resources || resources.has(item.resourceId))
        && (!layers || layers.has(item.layer));
    },
  };
}

function setOf<T>(values: readonly T[]): Set<T> | undefined {
  return values.length > 0 ? new Set(values) : undefined;
}

function sorted<T>(set: Set<T> | undefined): T[] | null {
  return set ? [...set].sort() : null;
}
