import type { telemetry } from "@strata/sdk/contracts";

/** The series a sample belongs to: metric, tenant, application, resource and attributes, as one string. */
export function seriesKey(sample: telemetry.MetricSample): string {
  const attributes = Object.entries(sample.attributes).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(",");
  return `${sample.metric}{${attributes}} ${sample.tenantId}/${sample.applicationId}/${sample.resourceId}`;
}
