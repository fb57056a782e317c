import { Option } from "commander";
import { openLedgerDatabase } from "./open-ledger-database.js";
import { DEFAULT_RATE_CARD, readRateCard, type RateCard } from "./rate-card.js";
import type { SqlDatabase } from "./sql-database.js";

/** The environment variable that may hold the ledger's PostgreSQL URL (it may carry a password: better than argv). */
export const DATABASE_URL_ENV = "STRATA_CHARGEBACK_DATABASE_URL";

/** A commander parser of a whole number of seconds, at least 1, as ns. */
export const positiveSecondsNs = (value: string): bigint => {
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`"${value}" is not a whole number of seconds, at least 1`);
  return BigInt(value) * 1_000_000_000n;
};

/** The ledger's flags but --data-dir (which a vendor-style command already has). */
export function ledgerOptions(): Option[] {
  return [
    new Option("--database-url <url>", `PostgreSQL server for the ledger (or set ${DATABASE_URL_ENV}); embedded PGlite without it`),
    new Option("--period-seconds <s>", "length of a chargeback period, seconds").default("3600"),
    new Option("--rate-card <file>", "rate card, JSON (docs/chargeback.md); the bundled one without it"),
  ];
}

const hasPassword = (url: string) => {
  try {
    return new URL(url).password !== "";
  } catch {
    return false; // not a URL: the client says what is wrong with it
  }
};

/**
 * The ledger's database, rate card and period length the flags describe.
 * A password in --database-url is refused: every user of the machine sees
 * a command line (ps); the environment, PGPASSWORD or ~/.pgpass do not show.
 */
export async function openLedgerOf(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<{ database: SqlDatabase; rateCard: RateCard; periodNs: bigint }> {
  if (typeof flags.databaseUrl === "string" && hasPassword(flags.databaseUrl)) {
    throw new Error(`--database-url carries a password, which every user of the machine sees (ps): set ${DATABASE_URL_ENV} instead, or keep the password in PGPASSWORD or ~/.pgpass`);
  }
  const periodNs = positiveSecondsNs(flags.periodSeconds as string);
  const rateCard = flags.rateCard ? await readRateCard(flags.rateCard as string) : DEFAULT_RATE_CARD;
  const databaseUrl = (flags.databaseUrl as string | undefined) ?? env[DATABASE_URL_ENV];
  const database = await openLedgerDatabase({
    ...(databaseUrl ? { databaseUrl } : {}), ...(flags.dataDir ? { dataDir: flags.dataDir as string } : {}),
  });
  return { database, rateCard, periodNs };
}
