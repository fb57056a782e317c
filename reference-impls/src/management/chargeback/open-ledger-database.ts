import { openPgliteDatabase } from "./open-pglite-database.js";
import { openPostgresDatabase } from "./open-postgres-database.js";
import type { SqlDatabase } from "./sql-database.js";

/** Where the ledger lives: a PostgreSQL URL, else PGlite in `dataDir`, else PGlite in memory. */
export interface LedgerDatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
}

/**
 * Opens the ledger's database: PostgreSQL when a URL is configured, the
 * embedded PGlite otherwise.
 */
export function openLedgerDatabase(options: LedgerDatabaseOptions = {}): Promise<SqlDatabase> {
  return options.databaseUrl ? openPostgresDatabase(options.databaseUrl) : openPgliteDatabase(options.dataDir);
}
