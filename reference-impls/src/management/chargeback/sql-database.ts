/** A row as both drivers return it once every non-text column is cast to text in the query. */
export type SqlRow = Record<string, string | null>;

/** Runs one parameterized statement ($1, $2, … placeholders, as PostgreSQL writes them). */
export interface SqlQueryable {
  query(sql: string, params?: readonly (string | null)[]): Promise<SqlRow[]>;
}

/**
 * The ledger's database: PostgreSQL, embedded (PGlite) or a server (pg).
 * Both speak the same SQL, so the ledger has ONE schema and ONE set of
 * queries; parameters travel as text and numbers come back as text (the
 * queries cast them), so no driver's number conversion can round a count.
 */
export interface SqlDatabase extends SqlQueryable {
  /** Which engine this is, for reports and logs ("pglite" or "postgresql"). */
  readonly engine: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
