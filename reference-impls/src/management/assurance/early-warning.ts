import type { management, telemetry } from "@strata/sdk/contracts";

/**
 * The early warning, before the window closes: of the SLA's application's
 * request records, the innermost (the shortest) of those that alone lasted
 * longer than `thresholdNs`: its transaction's end-to-end latency is longer
 * still, and its layer is the one to blame. Undefined when none did.
 */
export function earlyWarning(sla: management.Sla, records: readonly telemetry.RequestRecord[], thresholdNs: number): telemetry.RequestRecord | undefined {
  let innermost: telemetry.RequestRecord | undefined;
  for (const r of records) {
    if (r.tenantId !== sla.tenantId || r.applicationId !== sla.applicationId || Number(r.durationNs) <= thresholdNs) continue;
    if (!innermost || r.durationNs < innermost.durationNs) innermost = r;
  }
  return innermost;
}
