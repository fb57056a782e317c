import type { CheckContext } from "../../../runner/check-context.js";
import { poolsOf } from "./list-pages.js";
import { walkPages } from "./walk-pages.js";
import type { storage } from "@strata/sdk/storage";
import type { SuiteClients } from "../../../layers.js";

/** Every pool, walking ListPools to its end (pools are shared: any caller sees them all). */
export function listPools(t: CheckContext, as: SuiteClients = t.tenantA): Promise<storage.Pool[]> {
  return walkPages(t, "ListPools", poolsOf(as));
}
