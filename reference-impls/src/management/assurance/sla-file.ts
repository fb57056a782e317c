import { management } from "@strata/sdk/contracts";
import { isValidApplicationId, isValidId } from "@strata/sdk/server";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { SLA_PERCENTILES } from "./sla-store.js";

const PRIORITIES: Record<string, management.SlaPriority> = {
  critical: management.SlaPriority.SLA_PRIORITY_CRITICAL,
  standard: management.SlaPriority.SLA_PRIORITY_STANDARD,
  "best-effort": management.SlaPriority.SLA_PRIORITY_BEST_EFFORT,
};

/**
 * Parses an SLA file (YAML, or JSON, which is YAML too; docs/assurance.md,
 * "SLA file"):
 *
 * @example
 * slas:
 *   - tenant: tenant-a
 *     application: trading
 *     percentile: 99
 *     latency_target_ms: 200
 *     priority: critical
 */
export function parseSlaFile(text: string, source = "the SLA file"): management.Sla[] {
  const doc = parse(text) as { slas?: unknown } | null;
  if (!doc || !Array.isArray(doc.slas)) throw new Error(`${source}: expected a list under "slas"`);
  return doc.slas.map((entry: Record<string, unknown>, i: number) => {
    const where = `${source}: slas[${i}]`;
    const { tenant, application, percentile, latency_target_ms: targetMs, priority = "critical" } = entry ?? {};
    if (typeof tenant !== "string" || !isValidId(tenant)) throw new Error(`${where}.tenant: a tenant id is required`);
    if (typeof application !== "string" || !isValidApplicationId(application)) throw new Error(`${where}.application: an application id is required`);
    if (!(SLA_PERCENTILES as readonly unknown[]).includes(percentile)) throw new Error(`${where}.percentile: must be 50, 95 or 99`);
    if (typeof targetMs !== "number" || !(targetMs > 0)) throw new Error(`${where}.latency_target_ms: must be a number of milliseconds above 0`);
    if (typeof priority !== "string" || !(priority in PRIORITIES)) throw new Error(`${where}.priority: must be critical, standard or best-effort`);
    return management.Sla.fromPartial({
      tenantId: tenant, applicationId: application, percentile: percentile as number, latencyTargetNs: BigInt(Math.round(targetMs * 1e6)), priority: PRIORITIES[priority],
    });
  });
}

/** Reads and parses an SLA file. */
export const readSlaFile = (path: string) => parseSlaFile(readFileSync(path, "utf8"), path);
