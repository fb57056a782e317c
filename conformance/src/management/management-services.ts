import type { StrataClients } from "@strata/sdk/client";
import { management } from "@strata/sdk/contracts";

/** The services of strata.management.v1, by client name: the management checks write `managementOf(t.tenantA).assurance.setSla(...)`. */
export const MANAGEMENT_SERVICES = {
  chargeback: management.ChargebackServiceService,
  capacity: management.CapacityServiceService,
  performance: management.PerformanceServiceService,
  assurance: management.AssuranceServiceService,
} as const;

/** The management clients of a check's caller. */
export const managementOf = (clients: unknown) => clients as StrataClients<typeof MANAGEMENT_SERVICES>;
