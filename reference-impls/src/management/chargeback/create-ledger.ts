import { migrateLedger } from "./ledger-schema.js";
import type { LedgerItem, UsageIncrement } from "./ledger-usage.js";
import { periodOf, type RecordUsage } from "./usage-of-records.js";
import type { SqlDatabase, SqlQueryable } from "./sql-database.js";

/** A position in the hub's stream: its log and the watermark reached in it. */
export interface StreamPosition {
  logId: string;
  watermark: bigint;
}

/** What the ledger holds of a stream it reads. */
export interface LedgerCursor extends StreamPosition {
  /** Provisioned capacity is accrued up to this time, UNIX epoch ns; undefined before the first accrual. */
  accruedUntil?: bigint;
  records: bigint;
  gaps: bigint;
}

export interface LedgerPeriod {
  start: bigint;
  end: bigint;
  closed: boolean;
  closedLogId: string;
  closedWatermark: bigint;
  lateRecords: bigint;
}

export interface LedgerLine extends Omit<UsageIncrement, "item"> {
  item: LedgerItem;
}

/** Capacity one tenant's application holds, in bytes. */
export interface Holding {
  tenantId: string;
  applicationId: string;
  item: "storage_byte_ns" | "memory_byte_ns";
  bytes: bigint;
}

export interface Ledger {
  readonly periodNs: bigint;
  cursor(stream: string): Promise<LedgerCursor | undefined>;
  /**
   * Adds the usage of records read up to `position`, and moves the stream's
   * cursor there, in one transaction. Returns false, and adds nothing, when
   * the ledger already holds that position or a later one of the same log
   * (the batch was counted before a restart). Usage of a closed period goes
   * to the period of `nowNs`, and counts as late on the closed one.
   */
  commit(stream: string, position: StreamPosition, usage: RecordUsage, nowNs: bigint): Promise<boolean>;
  /** Counts a gap the stream reported (records lost to the ledger). */
  countGap(stream: string): Promise<void>;
  /** Accrues what `holdings` provision from the stream's last accrual (or `untilNs` at first) to `untilNs`, split by period. */
  accrue(stream: string, untilNs: bigint, holdings: readonly Holding[]): Promise<void>;
  /** Closes every open period that ends at or before `endNs`, at `position`; returns their starts. Closing twice changes nothing. */
  closePeriods(endNs: bigint, position: StreamPosition): Promise<bigint[]>;
  periods(): Promise<LedgerPeriod[]>;
  period(start: bigint): Promise<LedgerPeriod | undefined>;
  lines(periodStart: bigint): Promise<LedgerLine[]>;
}

const PERIOD_COLUMNS = `period_start::text AS start, period_end::text AS "end", closed::text AS closed,
  coalesce(closed_log_id, '') AS closed_log_id, coalesce(closed_watermark, 0)::text AS closed_watermark, late_records::text AS late_records`;

const toPeriod = (r: Record<string, string | null>): LedgerPeriod => ({
  start: BigInt(r.start!), end: BigInt(r.end!), closed: r.closed === "true",
  closedLogId: r.closed_log_id ?? "", closedWatermark: BigInt(r.closed_watermark!), lateRecords: BigInt(r.late_records!),
});

/**
 * The chargeback ledger over a PostgreSQL database (PGlite or a server, the
 * same SQL): usage per period, tenant, application and item, the stream
 * position it reached, and which periods are closed. Every change of usage
 * commits with the stream position it came from, so a tool that restarts
 * resumes the hub's stream exactly after what it counted.
 *
 * @example
 * const ledger = await createLedger(await openLedgerDatabase(), 3_600_000_000_000n);
 */
export async function createLedger(db: SqlDatabase, periodNs: bigint): Promise<Ledger> {
  await migrateLedger(db, periodNs);
  const ensurePeriod = (q: SqlQueryable, start: bigint) => q.query(
    "INSERT INTO chargeback_period (period_start, period_end) VALUES ($1, $2) ON CONFLICT (period_start) DO NOTHING",
    [start.toString(), (start + periodNs).toString()]);
  const addLine = (q: SqlQueryable, u: UsageIncrement) => q.query(
    `INSERT INTO chargeback_usage (period_start, tenant_id, application_id, item, layer, band, quantity)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (period_start, tenant_id, application_id, item, layer, band)
     DO UPDATE SET quantity = chargeback_usage.quantity + EXCLUDED.quantity`,
    [u.periodStart.toString(), u.tenantId, u.applicationId, u.item, u.layer, u.band, u.quantity.toString()]);
  const readCursor = async (q: SqlQueryable, stream: string, lock = false): Promise<LedgerCursor | undefined> => {
    const [row] = await q.query(
      `SELECT log_id, watermark::text AS watermark, accrued_until::text AS accrued_until, records::text AS records, gaps::text AS gaps
       FROM chargeback_cursor WHERE stream = $1${lock ? " FOR UPDATE" : ""}`, [stream]);
    if (!row) return undefined;
    return {
      logId: row.log_id!, watermark: BigInt(row.watermark!), records: BigInt(row.records!), gaps: BigInt(row.gaps!),
      ...(row.accrued_until !== null ? { accruedUntil: BigInt(row.accrued_until!) } : {}),
    };
  };
  const ensureCursor = (q: SqlQueryable, stream: string) =>
    q.query("INSERT INTO chargeback_cursor (stream, log_id, watermark) VALUES ($1, '', 0) ON CONFLICT (stream) DO NOTHING", [stream]);

  return {
    periodNs,
    cursor: (stream) => readCursor(db, stream),
    commit: (stream, position, usage, nowNs) => db.transaction(async (tx) => {
      await ensureCursor(tx, stream);
      const cursor = (await readCursor(tx, stream, true))!;
      if (cursor.logId === position.logId && cursor.watermark >= position.watermark) return false;
      const current = periodOf(nowNs, periodNs);
      const starts = [...new Set([...usage.increments.map((u) => u.periodStart), current])];
      for (const start of starts) await ensurePeriod(tx, start);
      const closed = new Set((await tx.query(
        "SELECT period_start::text AS start FROM chargeback_period WHERE closed AND period_start = ANY($1::bigint[])",
        [`{${starts.join(",")}}`])).map((r) => BigInt(r.start!)));
      for (const u of usage.increments) await addLine(tx, closed.has(u.periodStart) ? { ...u, periodStart: current } : u);
      let records = 0;
      for (const [start, count] of usage.recordsByPeriod) {
        records += count;
        if (closed.has(start)) {
          await tx.query("UPDATE chargeback_period SET late_records = late_records + $2 WHERE period_start = $1", [start.toString(), String(count)]);
        }
      }
      await tx.query("UPDATE chargeback_cursor SET log_id = $2, watermark = $3, records = records + $4 WHERE stream = $1",
        [stream, position.logId, position.watermark.toString(), String(records)]);
      return true;
    }),
    countGap: async (stream) => {
      await ensureCursor(db, stream);
      await db.query("UPDATE chargeback_cursor SET gaps = gaps + 1 WHERE stream = $1", [stream]);
    },
    accrue: (stream, untilNs, holdings) => db.transaction(async (tx) => {
      await ensureCursor(tx, stream);
      const from = (await readCursor(tx, stream, true))!.accruedUntil ?? untilNs;
      for (let start = periodOf(from, periodNs); start < untilNs && from < untilNs; start += periodNs) {
        const spanNs = (untilNs < start + periodNs ? untilNs : start + periodNs) - (from > start ? from : start);
        if (spanNs <= 0n) continue;
        await ensurePeriod(tx, start);
        for (const h of holdings) {
          if (h.bytes <= 0n) continue;
          await addLine(tx, { periodStart: start, tenantId: h.tenantId, applicationId: h.applicationId, item: h.item, layer: "", band: "", quantity: h.bytes * spanNs });
        }
      }
      await tx.query("UPDATE chargeback_cursor SET accrued_until = $2 WHERE stream = $1", [stream, untilNs.toString()]);
    }),
    closePeriods: async (endNs, position) => (await db.query(
      `UPDATE chargeback_period SET closed = true, closed_log_id = $2, closed_watermark = $3
       WHERE NOT closed AND period_end <= $1 RETURNING period_start::text AS start`,
      [endNs.toString(), position.logId, position.watermark.toString()])).map((r) => BigInt(r.start!)).sort((a, b) => (a < b ? -1 : 1)),
    periods: async () => (await db.query(`SELECT ${PERIOD_COLUMNS} FROM chargeback_period ORDER BY period_start`)).map(toPeriod),
    period: async (start) => {
      const [row] = await db.query(`SELECT ${PERIOD_COLUMNS} FROM chargeback_period WHERE period_start = $1`, [start.toString()]);
      return row ? toPeriod(row) : undefined;
    },
    lines: async (periodStart) => (await db.query(
      `SELECT tenant_id, application_id, item, layer, band, quantity::text AS quantity FROM chargeback_usage
       WHERE period_start = $1 ORDER BY tenant_id, application_id, item, layer, band`, [periodStart.toString()]))
      .map((r) => ({
        periodStart, tenantId: r.tenant_id!, applicationId: r.application_id!, item: r.item as LedgerItem,
        layer: r.layer!, band: r.band!, quantity: BigInt(r.quantity!),
      })),
  };
}
