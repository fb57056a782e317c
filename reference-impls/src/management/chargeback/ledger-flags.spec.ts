import { describe, expect, it } from "vitest";
import { DATABASE_URL_ENV, openLedgerOf, positiveSecondsNs } from "./ledger-flags.js";

describe("openLedgerOf()", () => {
  it("should refuse a password on the command line, and bad lengths, before opening anything", async () => {
    await expect(openLedgerOf({ databaseUrl: "postgres://strata:hunter2@db/ledger", periodSeconds: "3600" }, {})).rejects.toThrow(DATABASE_URL_ENV);
    await expect(openLedgerOf({ periodSeconds: "0" }, {})).rejects.toThrow('"0" is not a whole number of seconds');
    expect(() => positiveSecondsNs("1.5")).toThrow("1.5");
    expect(positiveSecondsNs("2")).toBe(2_000_000_000n);
  });
});
