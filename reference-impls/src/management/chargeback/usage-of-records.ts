import { core, type telemetry } from "@strata/sdk/contracts";
import { sumIncrements, type UsageIncrement } from "./ledger-usage.js";
import { bandOf, type ResponseTimeBand } from "./response-time-bands.js";

/** What a batch of records adds to the ledger. */
export interface RecordUsage {
  increments: UsageIncrement[];
  /** Records per period they fall in, by start time. */
  recordsByPeriod: Map<bigint, number>;
}

/** The start of the period a time falls in. */
export const periodOf = (timeUnixNano: bigint, periodNs: bigint): bigint => timeUnixNano - (timeUnixNano % periodNs);

/**
 * The usage request records carry, read from standard fields only, each
 * record charged to the period its start time falls in, its tenant and its
 * application: payload bytes per layer, the cpu_time_ns measurement, and
 * each record without a parent span (a transaction's root, or a unit of work
 * served alone) as one transaction in its response-time band.
 */
export function usageOfRecords(records: readonly telemetry.RequestRecord[], periodNs: bigint, bands: readonly ResponseTimeBand[]): RecordUsage {
  const increments: UsageIncrement[] = [];
  const recordsByPeriod = new Map<bigint, number>();
  for (const r of records) {
    const periodStart = periodOf(r.startTimeUnixNano, periodNs);
    recordsByPeriod.set(periodStart, (recordsByPeriod.get(periodStart) ?? 0) + 1);
    const line = { periodStart, tenantId: r.tenantId, applicationId: r.applicationId, layer: "", band: "" };
    if (r.payloadBytes > 0n) {
      increments.push({ ...line, item: "bytes_moved", layer: core.layerToJSON(r.layer), quantity: r.payloadBytes });
    }
    const cpuNs = r.measurements["cpu_time_ns"];
    if (cpuNs !== undefined && cpuNs > 0n) increments.push({ ...line, item: "cpu_time_ns", quantity: cpuNs });
    if (r.parentSpanId.length === 0) {
      increments.push({ ...line, item: "transactions", band: bandOf(bands, r.durationNs), quantity: 1n });
    }
  }
  return { increments: sumIncrements(increments), recordsByPeriod };
}
