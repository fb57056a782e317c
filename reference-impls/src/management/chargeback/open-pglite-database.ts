import { PGlite } from "@electric-sql/pglite";
import type { SqlDatabase, SqlRow } from "./sql-database.js";

/**
 * The embedded PostgreSQL (PGlite): nothing to install. In memory without
 * `dataDir`; kept in that directory with it.
 *
 * @example
 * const db = await openPgliteDatabase("/var/lib/strata/chargeback");
 */
export async function openPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const pglite = await PGlite.create(dataDir);
  const query = async (sql: string, params: readonly (string | null)[] = []) =>
    (await pglite.query<SqlRow>(sql, [...params])).rows;
  return {
    engine: "pglite",
    query,
    transaction: (work) => pglite.transaction((tx) =>
      work({ query: async (sql, params = []) => (await tx.query<SqlRow>(sql, [...params])).rows })),
    close: () => pglite.close(),
  };
}
