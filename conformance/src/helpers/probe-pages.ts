import type { ListProbe } from "../registry/layer-probes.js";
import type { AnyClients } from "../runner/endpoint-scope.js";
import type { ListPage } from "./walk-pages.js";

/** A list probe as a ListPage of item ids, as `clients`, narrowed by `scope`. */
export function probePages(probe: ListProbe, clients: AnyClients, scope?: unknown): ListPage<string> {
  return async (page) => {
    const answer = await probe.list(clients, page, scope);
    return { items: answer.ids, page: answer.page };
  };
}
