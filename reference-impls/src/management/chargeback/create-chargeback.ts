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
  const commit = (records: telemetry.RequestRecord[], at: StreamPosition) =>
    serial(() => ledger.commit(stream, at, usageOfRecords(records, periodNs, bands), now()));

  const run = async () => {
    let cursor = await ledger.cursor(stream);
    if (!cursor?.logId) {
      // A new ledger: first the records the hub retains, then the live stream from exactly there.
      const retained: telemetry.RequestRecord[] = [];
      for await (const event of clients.stream({
        mode: telemetry.Mode.MODE_ONCE, selector: { includeRecords: true, excludeSamples: true },
      }, { signal: abort.signal })) {
        if (event.type === "batch") retained.push(...event.records);
        if (event.type === "sync") await commit(retained, { logId: event.logId, watermark: event.sequence });
      }
      cursor = await ledger.cursor(stream);
    }
    for await (const event of clients.stream({
      mode: telemetry.Mode.MODE_STREAM,
      selector: { includeRecords: true, excludeSamples: true },
      ...(cursor?.logId ? { resumeAfterSequence: cursor.watermark, resumeLogId: cursor.logId } : {}),
    }, { signal: abort.signal, backoff: { initialMs: 100, maxMs: 5_000 } })) {
      if (event.type === "batch") {
        await commit(event.records, { logId: event.logId, watermark: event.watermark });
        position = { logId: event.logId, watermark: event.watermark };
      } else if (event.type === "sync") {
        position = { logId: event.logId, watermark: event.watermark };
        isSynced = true;
        markSynced();
      } else if (event.type === "gap") {
        await serial(() => ledger.countGap(stream));
      } else if (event.type === "reconnecting") {
        isSynced = false;
      }
    }
  };
  const running = run().catch((error) => { if (!abort.signal.aborted) onError(error); });

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
