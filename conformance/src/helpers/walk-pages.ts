import { rpc, type core } from "@strata/sdk/contracts";
import { duplicates } from "./duplicates.js";
import type { CheckContext } from "../runner/check-context.js";

/** One List call: the page request in, the items and the page response out. */
export type ListPage<T> = (page: core.PageRequest) => Promise<{ items: T[]; page?: core.PageResponse }>;

/** Enough pages for any list the suite makes; more means the endpoint never ends the walk. */
const MAX_PAGES = 1000;

/**
 * Walks a List RPC from an empty token to an empty next_page_token with one
 * page size, checking each page against the size asked for and
 * Limits.max_page_size; resolves to every item in the order served.
 */
export async function walkPages<T>(t: CheckContext, what: string, list: ListPage<T>, pageSize = 0): Promise<T[]> {
  const items: T[] = [];
  const cap = t.limits.maxPageSize;
  let pageToken = "";
  for (let pages = 1; ; pages++) {
    const answer = await t.expectCode(list({ pageSize, pageToken }), rpc.Code.OK, `${what} (page_size ${pageSize}, page ${pages})`);
    const size = answer.items.length;
    t.ensure(pageSize === 0 || size <= pageSize, `${what}: page ${pages} holds ${size} items for page_size ${pageSize}; the standard forbids more than asked`);
    t.ensure(cap < 1 || size <= cap, `${what}: page ${pages} holds ${size} items, above Limits.max_page_size ${cap}; the standard requires the cap`);
    items.push(...answer.items);
    pageToken = answer.page?.nextPageToken ?? "";
    if (pageToken === "") return items;
    if (pages >= MAX_PAGES) return t.fail(`${what}: still a next_page_token after ${MAX_PAGES} pages of size ${pageSize}; the walk must end`);
  }
}

/** Asserts that a walk served exactly `expected` (by id), each once. */
export function expectExactlyOnce(t: CheckContext, what: string, served: readonly string[], expected: readonly string[]): void {
  const repeated = duplicates(served);
  t.ensure(repeated.length === 0, `${what}: ${repeated.join(", ")} served more than once; the standard requires every item exactly once across the pages`);
  const missing = expected.filter((id) => !served.includes(id));
  t.ensure(missing.length === 0, `${what}: ${missing.join(", ")} never served; the standard requires every item that existed for the whole walk`);
}
