import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Principal } from "../auth/principal.js";
import { createPageTokens } from "./page-tokens.js";
import { paginate, type PageOptions } from "./paginate.js";

const LIST = "/strata.fixture.v1.FixtureService/List";
const OTHER_LIST = "/strata.fixture.v1.FixtureService/ListOthers";
const tenant = (tenantId: string, roles: string[] = []): Principal => ({ tenantId, roles, authenticatedBy: "insecure-header", subject: tenantId });
const endpoint = createPageTokens();
const context = (overrides: Partial<PageOptions["context"]> = {}): PageOptions["context"] =>
  ({ method: LIST, principal: tenant("t1"), pageTokens: endpoint, ...overrides });

const items = Array.from({ length: 10 }, (_, i) => `item-${String(i).padStart(2, "0")}`);
const walk = (source: string[], pageSize: number, filters = "") => {
  const seen: string[] = [];
  let pageToken = "";
  do {
    const page = paginate(source, (x) => x, { pageSize, pageToken }, { maxPageSize: 4, filters, context: context() });
    expect(page.items.length).toBeLessThanOrEqual(Math.min(pageSize || 4, 4));
    seen.push(...page.items);
    pageToken = page.page.nextPageToken;
  } while (pageToken);
  return seen;
};

/** The error a page request gets, or a failure if it is accepted. */
function refusal(pageToken: string, options: Partial<PageOptions> = {}, pageSize = 1) {
  try {
    paginate(items, (x) => x, { pageSize, pageToken }, { maxPageSize: 4, context: context(), ...options });
  } catch (error) {
    return error as { code: number; fieldViolations: Array<{ field: string }> };
  }
  throw new Error("accepted");
}

const firstToken = (options: Partial<PageOptions> = {}) =>
  paginate(items, (x) => x, { pageSize: 1, pageToken: "" }, { maxPageSize: 4, context: context(), ...options }).page.nextPageToken;

describe("paginate()", () => {
  afterEach(() => vi.restoreAllMocks());

  it("should return every item exactly once whatever the page size, capped at the maximum", () => {
    for (const size of [0, 1, 3, 4, 100]) expect(walk(items, size)).toEqual(items);
  });

  it("should neither skip nor repeat an item that existed for the whole walk when others come and go", () => {
    const source = [...items];
    const first = paginate(source, (x) => x, { pageSize: 3, pageToken: "" }, { maxPageSize: 4, context: context() });
    source.splice(source.indexOf("item-01"), 1); // removed before the token
    source.push("item-055"); // added after it
    const rest = walk(source.filter((x) => x > first.items[2]!), 3);
    expect([...first.items, ...rest].filter((x) => items.includes(x) && x !== "item-01")).toEqual(items.filter((x) => x !== "item-01"));
  });

  it("should refuse a negative size and a token that is not one, naming the field", () => {
    expect(refusal("", {}, -1)).toMatchObject({ code: status.INVALID_ARGUMENT, fieldViolations: [{ field: "page.page_size" }] });
    expect(refusal("not-a-token")).toMatchObject({ code: status.INVALID_ARGUMENT, fieldViolations: [{ field: "page.page_token" }] });
    expect(refusal("x", { field: "selector.page" })).toMatchObject({ fieldViolations: [{ field: "selector.page.page_token" }] });
  });

  it("should refuse a forged token: one built by hand, and a real one altered", () => {
    // What the endpoint issued before tokens were signed: base64url JSON naming the key to start after.
    const handMade = Buffer.from(JSON.stringify({ v: 1, a: "item-05", f: "" })).toString("base64url");
    expect(refusal(handMade)).toMatchObject({ code: status.INVALID_ARGUMENT, fieldViolations: [{ field: "page.page_token" }] });
    const [, signature] = firstToken().split(".");
    const altered = `${Buffer.from(JSON.stringify({ v: 2, a: "item-05" })).toString("base64url")}.${signature}`;
    expect(refusal(altered)).toMatchObject({ fieldViolations: [{ field: "page.page_token" }] });
  });

  it("should refuse a token of another List RPC, another caller, other filters or another endpoint", () => {
    const token = firstToken({ filters: "app-a" });
    expect(paginate(items, (x) => x, { pageSize: 1, pageToken: token }, { maxPageSize: 4, filters: "app-a", context: context() }).items)
      .toEqual(["item-01"]);
    expect(refusal(token, { filters: "app-b" })).toMatchObject({ fieldViolations: [{ field: "page.page_token" }] });
    expect(refusal(token, { filters: "app-a", context: context({ method: OTHER_LIST }) })).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(refusal(token, { filters: "app-a", context: context({ principal: tenant("t2") }) })).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(refusal(token, { filters: "app-a", context: context({ principal: tenant("t1", ["operator"]) }) })).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(refusal(token, { filters: "app-a", context: context({ pageTokens: createPageTokens() }) })).toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it("should sort one page's worth of items per page, never the whole list", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `item-${String((i * 7919) % 5000).padStart(5, "0")}`);
    const sort = vi.spyOn(Array.prototype, "sort");
    const page = paginate(many, (x) => x, { pageSize: 3, pageToken: "" }, { maxPageSize: 4, context: context() });
    expect(page.items).toEqual(["item-00000", "item-00001", "item-00002"]);
    const sorted = sort.mock.contexts.map((array) => (array as unknown[]).length);
    expect(Math.max(0, ...sorted)).toBeLessThanOrEqual(4);
  });
});
