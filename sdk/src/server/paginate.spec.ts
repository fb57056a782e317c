import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { paginate } from "./paginate.js";

const items = Array.from({ length: 10 }, (_, i) => `item-${String(i).padStart(2, "0")}`);
const walk = (source: string[], pageSize: number, filters = "") => {
  const seen: string[] = [];
  let pageToken = "";
  do {
    const page = paginate(source, (x) => x, { pageSize, pageToken }, { maxPageSize: 4, filters });
    expect(page.items.length).toBeLessThanOrEqual(Math.min(pageSize || 4, 4));
    seen.push(...page.items);
    pageToken = page.page.nextPageToken;
  } while (pageToken);
  return seen;
};

describe("paginate()", () => {
  it("should return every item exactly once whatever the page size, capped at the maximum", () => {
    for (const size of [0, 1, 3, 4, 100]) expect(walk(items, size)).toEqual(items);
  });

  it("should neither skip nor repeat an item that existed for the whole walk when others come and go", () => {
    const source = [...items];
    const first = paginate(source, (x) => x, { pageSize: 3, pageToken: "" }, { maxPageSize: 4 });
    source.splice(source.indexOf("item-01"), 1); // removed before the token
    source.push("item-055"); // added after it
    const rest = walk(source.filter((x) => x > first.items[2]!), 3);
    expect([...first.items, ...rest].filter((x) => items.includes(x) && x !== "item-01")).toEqual(items.filter((x) => x !== "item-01"));
  });

  it("should refuse a negative size, a forged token and a token reused with other filters, naming the field", () => {
    const refuse = (request: { pageSize: number; pageToken: string }, filters = "") => {
      try {
        paginate(items, (x) => x, request, { maxPageSize: 4, filters });
      } catch (error) {
        return error as { code: number; fieldViolations: Array<{ field: string }> };
      }
      throw new Error("accepted");
    };
    expect(refuse({ pageSize: -1, pageToken: "" })).toMatchObject({ code: status.INVALID_ARGUMENT, fieldViolations: [{ field: "page.page_size" }] });
    expect(refuse({ pageSize: 1, pageToken: "not-a-token" })).toMatchObject({ fieldViolations: [{ field: "page.page_token" }] });
    const token = paginate(items, (x) => x, { pageSize: 1, pageToken: "" }, { maxPageSize: 4, filters: "app-a" }).page.nextPageToken;
    expect(refuse({ pageSize: 1, pageToken: token }, "app-b")).toMatchObject({ fieldViolations: [{ field: "page.page_token" }] });
  });
});
