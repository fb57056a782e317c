import type { PageRequest, PageResponse } from "../gen/strata/core/v1/pagination.js";
import { StrataError } from "../errors/strata-error.js";

/** A page of items and the pagination block of the response. */
export interface Page<T> {
  items: T[];
  page: PageResponse;
}

/**
 * Pages through items in a stable order by key. The token is opaque to the
 * caller: it carries the last key served and a fingerprint of the filters,
 * so a token reused with other filters, or forged, is INVALID_ARGUMENT naming
 * page.page_token. Items added or removed between pages never cause an item
 * that existed throughout to be skipped or served twice.
 */
export function paginate<T>(
  items: Iterable<T>, keyOf: (item: T) => string, request: PageRequest | undefined,
  options: { maxPageSize: number; filters?: string },
): Page<T> {
  const pageSize = request?.pageSize ?? 0;
  if (pageSize < 0) throw StrataError.invalidArgument("page.page_size", "must not be negative");
  const size = Math.min(pageSize === 0 ? options.maxPageSize : pageSize, options.maxPageSize);
  const filters = options.filters ?? "";
  const after = request?.pageToken ? decodeToken(request.pageToken, filters) : undefined;
  const sorted = [...items].map((item) => ({ key: keyOf(item), item })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const start = after === undefined ? 0 : sorted.findIndex((e) => e.key > after);
  const slice = start < 0 ? [] : sorted.slice(start, start + size);
  const more = start >= 0 && start + size < sorted.length;
  const last = slice[slice.length - 1];
  return {
    items: slice.map((e) => e.item),
    page: { nextPageToken: more && last ? encodeToken(last.key, filters) : "" },
  };
}

function encodeToken(after: string, filters: string): string {
  return Buffer.from(JSON.stringify({ v: 1, a: after, f: filters })).toString("base64url");
}

function decodeToken(token: string, filters: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: number; a?: unknown; f?: unknown };
    if (parsed.v === 1 && typeof parsed.a === "string" && parsed.f === filters) return parsed.a;
  } catch {
    // fall through: not a token this server issued
  }
  throw StrataError.invalidArgument("page.page_token", "not a token this server issued for these filters");
}
