import { hub } from "@strata/sdk/contracts";

/** The hub's own service, by client name: the hub checks write `t.tenantA.hub.listApplications(...)`. */
export const HUB_SERVICES = { hub: hub.HubServiceService } as const;
