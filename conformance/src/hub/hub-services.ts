import type { StrataClients } from "@strata/sdk/client";
import { hub } from "@strata/sdk/contracts";

/** The hub's own service, by client name: the hub checks write `t.tenantA.hub.listApplications(...)`. */
export const HUB_SERVICES = { hub: hub.HubServiceService } as const;

/** The hub's clients of a check's caller. */
export const hubOf = (clients: unknown) => (clients as StrataClients<typeof HUB_SERVICES>).hub;
