import type { core, telemetry } from "@strata/sdk/contracts";

/** Whose requests may say a layer is crowded, and how slow they must be. */
export interface CrowdingRule {
  /** A request lasting longer than this, ns, alone says the layer queues. */
  thresholdNs: number;
  /** Tenants whose requests do not count: the SLA's own and those the controller never limits. */
  guarded: ReadonlySet<string>;
  /** Whether the application uses the layer (has a calm share there). */
  uses(layer: core.Layer): boolean;
  /** Whether the tenant is limited on the layer already: its requests are slow from waiting for that limit. */
  limited(layer: core.Layer, tenantId: string): boolean;
}

/**
 * The layers a batch of request records shows crowded for an application:
 * per layer it uses, the slowest request of another tenant (answered OK,
 * not limited there yet) that alone lasted longer than the threshold.
 */
export function crowdedLayers(records: readonly telemetry.RequestRecord[], rule: CrowdingRule): Map<core.Layer, telemetry.RequestRecord> {
  const slowest = new Map<core.Layer, telemetry.RequestRecord>();
  for (const r of records) {
    if (r.statusCode !== 0 || Number(r.durationNs) <= rule.thresholdNs || r.tenantId === "" || rule.guarded.has(r.tenantId) || !rule.uses(r.layer)) continue;
    if (rule.limited(r.layer, r.tenantId)) continue;
    const known = slowest.get(r.layer);
    if (!known || r.durationNs > known.durationNs) slowest.set(r.layer, r);
  }
  return slowest;
}
