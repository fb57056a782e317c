import { Heap } from "heap-js";
import { isOperator, type Principal } from "../auth/principal.js";
import type { PageRequest, PageResponse } from "../gen/strata/core/v1/pagination.js";
import { StrataError } from "../errors/strata-error.js";
import type { CallContext } from "./call-context.js";

/** A page of items and the pagination block of the response. */
export interface Page<T> {
  items: T[];
  page: PageResponse;
}

/** How one List RPC pages. */
export interface PageOptions {
  /** Limits.max_page_size. */
  maxPageSize: number;
  /** The request's filters, spelled so that two requests listing different items differ. */
  filters?: string;
  /** The call: its method and caller, and the endpoint's page tokens. */
  context: Pick<CallContext, "method" | "principal" | "pageTokens">;
  /** The proto path of the request's PageRequest, for errors (default "page"). */
  field?: string;
}

type Keyed<T> = { key: string; item: T };
const byKey = <T>(a: Keyed<T>, b: Keyed<T>) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Pages through items in a stable order by key. The token is opaque to the
 * caller and signed by the endpoint: it is good only for the same List
 * method, the same caller (tenant and role) and the same filters, and a
 * forged, altered or foreign one is INVALID_ARGUMENT naming page.page_token.
 * Items added or removed between pages never cause an item that existed
 * throughout to be skipped or served twice. A page costs one pass over the
 * items and a sort of one page, never a sort of the whole list.
 */
export function paginate<T>(items: Iterable<T>, keyOf: (item: T) => string, request: PageRequest | undefined, options: PageOptions): Page<T> {
  const field = options.field ?? "page";
  const pageSize = request?.pageSize ?? 0;
  if (pageSize < 0) throw StrataError.invalidArgument(`${field}.page_size`, "must not be negative");
  const size = Math.min(pageSize === 0 ? options.maxPageSize : pageSize, options.maxPageSize);
  const { context } = options;
  const binding = { method: context.method, identity: identityOf(context.principal), filters: options.filters ?? "" };
  let after: string | undefined;
  if (request?.pageToken) {
    after = context.pageTokens.read(request.pageToken, binding);
    if (after === undefined) {
      throw StrataError.invalidArgument(`${field}.page_token`, "not a token this endpoint issued for this method, caller and filters");
    }
  }
  const candidates: Keyed<T>[] = [];
  for (const item of items) {
    const key = keyOf(item);
    if (after === undefined || key > after) candidates.push({ key, item });
  }
  // The page and one item more, to know whether another page follows: the first size + 1 of a heap in key order.
  const head = (candidates.length > size + 1 ? firstOf(size + 1, candidates) : candidates).sort(byKey);
  const slice = head.slice(0, size);
  const last = slice[slice.length - 1];
  return {
    items: slice.map((e) => e.item),
    page: { nextPageToken: head.length > size && last ? context.pageTokens.issue(last.key, binding) : "" },
  };
}

/** The n smallest by key, unordered, in O(items + n log items). */
function firstOf<T>(n: number, candidates: Keyed<T>[]): Keyed<T>[] {
  const heap = new Heap<Keyed<T>>(byKey);
  heap.init(candidates);
  return heap.top(n);
}

/** What of the caller decides what a list holds: its tenant and whether it is an operator. */
function identityOf(principal: Principal): string {
  return `${isOperator(principal) ? "operator" : "tenant"}\u0001${principal.tenantId}`;
}
