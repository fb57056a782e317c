import type { StrataClients } from "@strata/sdk/client";
import { hub, type core } from "@strata/sdk/contracts";
import { resolveTenantId } from "../helpers/resolve-tenant-id.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import type { ListProbe } from "../registry/layer-probes.js";
import type { HUB_SERVICES } from "./hub-services.js";
import { drivenTransactions } from "./hub-traffic.js";

type HubClients = StrataClients<typeof HUB_SERVICES>;
/** How many items a probe makes for a walk. */
const ITEMS = 3;

/** HubService.ListApplications: applications as "<tenant>/<application>", narrowed by tenant_ids. */
const listApplications: ListProbe<typeof HUB_SERVICES> = {
  rpc: "HubService.ListApplications",
  async list(clients: HubClients, page: core.PageRequest, scope?: unknown) {
    const answer = await clients.hub.listApplications(hub.ListApplicationsRequest.fromPartial({ page, ...(scope as object | undefined) }));
    return { ids: answer.applications.map((a) => `${a.tenantId}/${a.applicationId}`), page: answer.page };
  },
  async populate(t) {
    const tenantId = await resolveTenantId(t, "tenantA");
    const made = await Promise.all(Array.from({ length: ITEMS }, () =>
      t.module.driver.create(t, { stem: "hub-apps", applicationId: uniqueApplicationId(t, "hub-apps") })));
    return {
      ids: made.map((r) => `${r.tenantId || tenantId}/${r.applicationId}`),
      // Unnarrowed: tenant B may walk the same list (naming tenant A is PERMISSION_DENIED); narrowing to A is another filter.
      otherScope: { tenantIds: [tenantId] },
    };
  },
};

/** HubService.ListTransactions: judged transactions by trace id, narrowed to one application. */
const listTransactions: ListProbe<typeof HUB_SERVICES> = {
  rpc: "HubService.ListTransactions",
  async list(clients: HubClients, page: core.PageRequest, scope?: unknown) {
    const answer = await clients.hub.listTransactions(hub.ListTransactionsRequest.fromPartial({ page, ...(scope as object | undefined) }));
    return { ids: answer.transactions.map((x) => x.traceId), page: answer.page };
  },
  async populate(t) {
    const { applicationId, calls } = await drivenTransactions(t, "hub-txs", ITEMS);
    return {
      ids: calls.map((c) => c.trace.traceId),
      scope: { application: { applicationId } },
      otherScope: { application: { applicationId }, incompleteOnly: true },
    };
  },
};

/** The hub's List RPCs, for the common pagination walk and the tenancy check of lists. */
export const HUB_LIST_PROBES: readonly ListProbe[] = [listApplications, listTransactions] as unknown as readonly ListProbe[];
