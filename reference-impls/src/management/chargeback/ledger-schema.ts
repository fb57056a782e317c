import type { SqlDatabase } from "./sql-database.js";

/**
 * The ledger's one schema, for PGlite and PostgreSQL alike. Every quantity is
 * kept in an integer base unit (nanoseconds of CPU, bytes, byte-nanoseconds
 * provisioned, transactions) in `numeric`, so sums are exact; the report
 * converts to the rate card's units.
 */
export const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS chargeback_setting (
  name text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS chargeback_period (
  period_start bigint PRIMARY KEY,
  period_end bigint NOT NULL,
  closed boolean NOT NULL DEFAULT false,
  closed_log_id text,
  closed_watermark bigint,
  late_records bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS chargeback_usage (
  period_start bigint NOT NULL REFERENCES chargeback_period (period_start),
  tenant_id text NOT NULL,
  application_id text NOT NULL,
  item text NOT NULL,
  layer text NOT NULL,
  band text NOT NULL,
  quantity numeric NOT NULL,
  PRIMARY KEY (period_start, tenant_id, application_id, item, layer, band)
);
CREATE TABLE IF NOT EXISTS chargeback_cursor (
  stream text PRIMARY KEY,
  log_id text NOT NULL,
  watermark bigint NOT NULL,
  accrued_until bigint,
  records bigint NOT NULL DEFAULT 0,
  gaps bigint NOT NULL DEFAULT 0
);
`;

/** Creates the schema if it is not there, and pins the period length: a ledger never mixes two. */
export async function migrateLedger(db: SqlDatabase, periodNs: bigint): Promise<void> {
  for (const statement of LEDGER_SCHEMA.split(";").map((s) => s.trim()).filter(Boolean)) await db.query(statement);
  await db.query("INSERT INTO chargeback_setting (name, value) VALUES ('period_ns', $1) ON CONFLICT (name) DO NOTHING", [periodNs.toString()]);
  const [row] = await db.query("SELECT value FROM chargeback_setting WHERE name = 'period_ns'");
  if (row?.value !== periodNs.toString()) {
    throw new Error(`the ledger's periods are ${row?.value} ns long, not ${periodNs} ns: open it with its own period length, or use another database`);
  }
}
