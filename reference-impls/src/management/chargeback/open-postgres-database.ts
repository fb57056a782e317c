import pg from "pg";
import type { SqlDatabase, SqlRow } from "./sql-database.js";

/**
 * A PostgreSQL server through the `pg` client, for a ledger several tools
 * or hosts share.
 *
 * @example
 * const db = await openPostgresDatabase("postgres://strata@db.example:5432/chargeback");
 */
export async function openPostgresDatabase(connectionString: string): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  // A bad URL or an unreachable server fails here, naming itself, not at the first batch.
  (await pool.connect()).release();
  return {
    engine: "postgresql",
    query: async (sql, params = []) => (await pool.query<SqlRow>(sql, [...params])).rows,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work({ query: async (sql, params = []) => (await client.query<SqlRow>(sql, [...params])).rows });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
