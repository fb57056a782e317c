import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bandsOf, DEFAULT_RATE_CARD, parseRateCard, readRateCard } from "./rate-card.js";
import { bandOf } from "./response-time-bands.js";

describe("parseRateCard()", () => {
  it("should accept the bundled rate card and read its bands in nanoseconds", () => {
    expect(parseRateCard(structuredClone(DEFAULT_RATE_CARD))).toEqual(DEFAULT_RATE_CARD);
    const bands = bandsOf(DEFAULT_RATE_CARD);
    expect([bandOf(bands, 10_000_000n), bandOf(bands, 10_000_001n), bandOf(bands, 5_000_000_000n)]).toEqual(["under-10ms", "under-100ms", "slower"]);
  });

  it("should name every field at fault", () => {
    const card = structuredClone(DEFAULT_RATE_CARD) as Record<string, any>;
    card.currency = "euro";
    card.prices.cpuSecond = -1;
    card.transactionBands[1].upToMs = 5;
    expect(() => parseRateCard(card)).toThrow(/currency: .*ISO 4217.*prices\.cpuSecond: .*transactionBands\.1\.upToMs: bounds must grow/);
    const unbounded = structuredClone(DEFAULT_RATE_CARD);
    delete unbounded.transactionBands[0]!.upToMs;
    expect(() => parseRateCard(unbounded)).toThrow(/transactionBands\.0\.upToMs: every band but the last needs a bound/);
  });
});

describe("readRateCard()", () => {
  it("should say which file is not JSON", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "strata-rate-card-")), "card.json");
    writeFileSync(path, "{ not json");
    await expect(readRateCard(path)).rejects.toThrow(`the rate card ${path} is not JSON`);
    writeFileSync(path, JSON.stringify(DEFAULT_RATE_CARD));
    await expect(readRateCard(path)).resolves.toEqual(DEFAULT_RATE_CARD);
  });
});
