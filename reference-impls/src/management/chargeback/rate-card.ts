import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ResponseTimeBand } from "./response-time-bands.js";

const price = z.number().finite().nonnegative();

/** The rate card file (docs/chargeback.md, "Rate card"), prices in currency units. */
export const RateCardSchema = z.object({
  id: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR"),
  prices: z.object({
    cpuSecond: price,
    storageGbHour: price,
    memoryGbHour: price,
    /** Per 10^9 payload bytes, by layer enum name ("LAYER_STORAGE"); "default" for the layers not named. */
    bytesMovedPerGb: z.record(z.string(), price).refine((r) => "default" in r, "needs a \"default\" price"),
  }).strict(),
  /** Ordered by upToMs; only the last band has none. */
  transactionBands: z.array(z.object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "lower-case letters, digits, '_' and '-'"),
    upToMs: z.number().finite().positive().optional(),
    price,
  }).strict()).min(1),
}).strict().superRefine((card, ctx) => {
  const bands = card.transactionBands;
  bands.forEach((band, i) => {
    const last = i === bands.length - 1;
    if (last !== (band.upToMs === undefined)) {
      ctx.addIssue({ code: "custom", path: ["transactionBands", i, "upToMs"], message: last ? "the last band has no bound" : "every band but the last needs a bound" });
    }
    if (i > 0 && band.upToMs !== undefined && band.upToMs <= bands[i - 1]!.upToMs!) {
      ctx.addIssue({ code: "custom", path: ["transactionBands", i, "upToMs"], message: "bounds must grow from band to band" });
    }
  });
  if (new Set(bands.map((b) => b.name)).size !== bands.length) ctx.addIssue({ code: "custom", path: ["transactionBands"], message: "band names must differ" });
});

export type RateCard = z.infer<typeof RateCardSchema>;

/** The bundled rate card: illustrative prices, meant to be copied and edited (`strata chargeback rate-card`). */
export const DEFAULT_RATE_CARD: RateCard = {
  id: "strata-reference-2026-1",
  currency: "EUR",
  prices: {
    cpuSecond: 0.000_05,
    storageGbHour: 0.000_1,
    memoryGbHour: 0.004,
    bytesMovedPerGb: { default: 0.01, LAYER_STORAGE: 0.002, LAYER_FABRIC: 0.002 },
  },
  transactionBands: [
    { name: "under-10ms", upToMs: 10, price: 0.000_01 },
    { name: "under-100ms", upToMs: 100, price: 0.000_005 },
    { name: "under-1s", upToMs: 1000, price: 0.000_002 },
    { name: "slower", price: 0 },
  ],
};

/** Checks a parsed rate card; the error names every field at fault. */
export function parseRateCard(value: unknown, source = "the rate card"): RateCard {
  const result = RateCardSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new Error(`${source} is not valid: ${problems.join("; ")}`);
}

/** Reads a rate card file (JSON). */
export async function readRateCard(path: string): Promise<RateCard> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read the rate card ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`the rate card ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseRateCard(value, `the rate card ${path}`);
}

/** The card's response-time bands, bounds in nanoseconds. */
export function bandsOf(card: RateCard): ResponseTimeBand[] {
  return card.transactionBands.map((b) => ({ name: b.name, ...(b.upToMs !== undefined ? { upToNs: BigInt(Math.round(b.upToMs * 1e6)) } : {}) }));
}
