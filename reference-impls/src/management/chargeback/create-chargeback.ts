import { telemetry } from "@strata/sdk/contracts";
import { connectHub, type HubConnection } from "../hub/connect-hub.js";
import { provisionedCapacity } from "../hub/provisioned-capacity.js";
import { createLedger, type Holding, type Ledger, type StreamPosition } from "./create-ledger.js";
import { bandsOf, DEFAULT_RATE_CARD, type RateCard } from "./rate-card.js";
import type { SqlDatabase } from "./sql-database.js";
import { usageOfRecords } from "./usage-of-records.js";

export interface ChargebackOptions {
  hub: HubConnection;
  /** The ledger's database (see openLedgerDatabase). The tool does not close it. */
  database: SqlDatabase;
  /** Period length, ns (default one hour). */
  periodNs?: bigint;
  /** How long after its end a period closes, ns: records of it that reach the hub later are late (default 30 s). */
  graceNs?: bigint;
  /** How often provisioned capacity is accrued and periods are closed, ms (default 10 000). */
  tickMs?: number;
  rateCard?: RateCard;
  /** The ledger's name for the hub stream it reads (default "hub"). */
  stream?: string;
  /** Called with what the tool could not do (a failed accrual or commit); default: console.warn. */
  onError?: (error: unknown) => void;
  now?: () => bigint;
}

export interface Chargeback {
  readonly ledger: Ledger;
  readonly rateCard: RateCard;
  /** Resolves once the tool has counted everything the hub held when it (re)subscribed. */
  readonly synced: Promise<void>;
  /** Whether it follows the hub's stream live now: false while it reconnects to a hub that restarted or went away, until all it missed is committed, and for good after a failed commit. */
  live(): boolean;
  /** Accrues and closes what is due now (what the timer does). */
  tick(): Promise<void>;
  /** Stops reading the hub; what is committed stays. */
  stop(): Promise<void>;
}

/**
 * The chargeback tool: reads every request record of the hub's stream into
 * the ledger, exactly once across restarts (each batch commits with the
 * stream position it reached, and a restart resumes after it), accrues the
 * capacity the hub's merged topology shows provisioned, and closes periods
 * once their grace has passed. A ledger that has never read the hub starts
 * with the records the hub still retains.
 *
 * @example
 * const tool = await createChargeback({ hub: { address, auth: { token } }, database: await openLedgerDatabase() });
 */
export async function createChargeback(options: ChargebackOptions): Promise<Chargeback> {
  const periodNs = options.periodNs ?? 3_600_000_000_000n;
  const graceNs = options.graceNs ?? 30_000_000_000n;
  const rateCard = options.rateCard ?? DEFAULT_RATE_CARD;
  const bands = bandsOf(rateCard);
  const stream = options.stream ?? "hub";
  const now = options.now ?? (() => BigInt(Date.now()) * 1_000_000n);
  const onError = options.onError ?? ((e: unknown) => console.warn(`strata chargeback: ${(e as Error).message}`));
  const ledger = await createLedger(options.database, periodNs);
  const clients = connectHub(options.hub);
  const abort = new AbortController();

  // Every ledger change goes through one queue, so that a period never closes between a batch's check and its write.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };
  let position: StreamPosition | undefined;
  let isSynced = false;
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  // Batches are read as fast as the hub sends them and committed in groups, one transaction at a time: a tool that
  // waited for the database before reading on would fall behind the hub, whose buffer would then drop records (a Gap).
  // A failed commit stops the reading: a restart resumes after the last committed position, so nothing is skipped.
  type Pending = { records: telemetry.RequestRecord[]; at: StreamPosition };
  let pending: Pending | undefined;
  let failed = false;
  const commitNow = async (p: Pending) => {
    if (failed) return;
    try {
      await ledger.commit(stream, p.at, usageOfRecords(p.records, periodNs, bands), now());
      position = p.at;
    } catch (error) {
      failed = true;
      isSynced = false;
      abort.abort();
      onError(error);
    }
  };
  const drain = () => {
    const taken = pending;
    pending = undefined;
    return taken ? commitNow(taken) : Promise.resolve();
  };
  const enqueue = (records: telemetry.RequestRecord[], at: StreamPosition) => {
    if (pending && pending.at.logId !== at.logId) {
      const other = pending; // never one commit across two logs
      pending = undefined;
      void serial(() => commitNow(other));
    }
    if (pending) {
      for (const record of records) pending.records.push(record);
      pending.at = at;
    } else {
      pending = { records: [...records], at };
    }
    void serial(drain);
  };

  const run = async () => {
    let cursor = await ledger.cursor(stream);
    if (!cursor?.logId) {
      // A new ledger: first the records the hub retains, then the live stream from exactly there.
      const retained: telemetry.RequestRecord[] = [];
      for await (const event of clients.stream({
        mode: telemetry.Mode.MODE_ONCE, selector: { includeRecords: true, excludeSamples: true },
      }, { signal: abort.signal })) {
        if (event.type === "batch") retained.push(...event.records);
        if (event.type === "sync") await serial(() => commitNow({ records: retained, at: { logId: event.logId, watermark: event.sequence } }));
      }
      cursor = await ledger.cursor(stream);
    }
    for await (const event of clients.stream({
      mode: telemetry.Mode.MODE_STREAM,
      selector: { includeRecords: true, excludeSamples: true },
      ...(cursor?.logId ? { resumeAfterSequence: cursor.watermark, resumeLogId: cursor.logId } : {}),
    }, { signal: abort.signal, backoff: { initialMs: 100, maxMs: 5_000 } })) {
      if (event.type === "batch") {
        enqueue(event.records, { logId: event.logId, watermark: event.watermark });
      } else if (event.type === "sync") {
        // Synced once everything before the marker is committed: only then may periods close.
        const at = { logId: event.logId, watermark: event.watermark };
        void serial(async () => {
          await drain();
          if (failed) return;
          position = at;
          isSynced = true;
          markSynced();
        });
      } else if (event.type === "gap") {
        void serial(() => ledger.countGap(stream)).catch(onError);
      } else if (event.type === "reconnecting") {
        isSynced = false;
      }
    }
  };
  const running = run().finally(() => { isSynced = false; }).catch((error) => { if (!abort.signal.aborted) onError(error); });

  const tick = () => serial(async () => {
    if (!isSynced || !position) return;
    const { nodes } = await clients.topology.getTopology({ tenantIds: [], atRevision: 0n, atTimeUnixNano: 0n });
    const holdings: Holding[] = provisionedCapacity(nodes).map((n) => ({
      tenantId: n.tenantId, applicationId: n.applicationId, bytes: n.bytes,
      item: n.kind === "storage.volume" ? "storage_byte_ns" : "memory_byte_ns",
    }));
    const at = now();
    await ledger.accrue(stream, at, holdings);
    await ledger.closePeriods(at - graceNs, position);
  }).catch(onError);
  const timer = setInterval(() => void tick(), options.tickMs ?? 10_000);
  timer.unref();

  return {
    ledger,
    rateCard,
    synced,
    live: () => isSynced,
    tick,
    async stop() {
      clearInterval(timer);
      abort.abort();
      await running;
      await queue;
      clients.close();
    },
  };
}
