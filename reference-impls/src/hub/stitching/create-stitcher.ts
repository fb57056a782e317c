import type { telemetry } from "@strata/sdk/contracts";
import { Disturbances } from "./disturbances.js";
import { HopKeys, hopOf, type Hop, type Names } from "./hop.js";
import { judgeTransaction, type JudgedTransaction } from "./judge-transaction.js";
import { LatencyBook } from "./latency-book.js";
import { OpenTransactions, type OpenTransaction } from "./open-transactions.js";
import { TransactionStore } from "./transaction-store.js";

export interface StitcherOptions {
  /** How long a transaction stays open after its last record, ms (default 2000). */
  settleMs?: number;
  /** Open transactions at most (default 100 000). */
  maxOpenTransactions?: number;
  /** Hops kept per transaction (default 256). */
  maxHopsPerTransaction?: number;
  /** Judged transactions retained for queries (default 10 000). */
  retainedTransactions?: number;
  /** Length of a breakdown interval, ms (default 1000). */
  intervalMs?: number;
  /** Breakdown intervals kept per application (default 900: 15 minutes of 1 s). */
  retainedIntervals?: number;
  /** Applications with a breakdown (default 10 000). */
  maxApplications?: number;
  /** Monotonic ms: when records arrive and transactions settle. */
  now?: () => number;
  /** UNIX epoch ns: when transactions are judged. */
  epochNs?: () => bigint;
}

/** What the stitcher counted, for operators and tests. */
export interface StitcherStats {
  readonly open: number;
  readonly judged: number;
  readonly complete: number;
  readonly incomplete: number;
  readonly lateRecords: number;
  readonly untracedRecords: number;
}

/** The stitching core of the hub: records in, judged transactions, breakdowns and derived samples out. */
export interface Stitcher {
  readonly settleMs: number;
  readonly limits: Required<Omit<StitcherOptions, "now" | "epochNs">>;
  readonly disturbances: Disturbances;
  readonly store: TransactionStore;
  readonly book: LatencyBook;
  /** The names (operation, resource, tenant, application) hops keep one string of; the hub's relayed records share them. */
  readonly names: Names;
  /** Takes one request record (of any layer); records without a trace join no transaction. */
  ingest(record: telemetry.RequestRecord): void;
  ingestHop(hop: Hop): void;
  /** Judges the transactions whose settle window ended; returns them. */
  judgeSettled(): JudgedTransaction[];
  /** Judges every open transaction at once (the hub stops). */
  judgeAll(): JudgedTransaction[];
  stats(): StitcherStats;
}

function epochClock(): () => bigint {
  const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return () => origin + process.hrtime.bigint();
}

/**
 * Creates the stitching core (docs/hub.md, "Stitching", "Completeness",
 * "Memory bounds"). Pure apart from its clocks: no gRPC, no timers; the hub
 * calls judgeSettled() and book.closeIntervals() on its own ticks.
 *
 * @example
 * const stitcher = createStitcher({ settleMs: 2000 });
 * for (const record of batch.records) stitcher.ingest(record);
 * for (const transaction of stitcher.judgeSettled()) show(transaction);
 */
export function createStitcher(options: StitcherOptions = {}): Stitcher {
  const limits = {
    settleMs: options.settleMs ?? 2000,
    maxOpenTransactions: options.maxOpenTransactions ?? 100_000,
    maxHopsPerTransaction: options.maxHopsPerTransaction ?? 256,
    retainedTransactions: options.retainedTransactions ?? 10_000,
    intervalMs: options.intervalMs ?? 1000,
    retainedIntervals: options.retainedIntervals ?? 900,
    maxApplications: options.maxApplications ?? 10_000,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`createStitcher: ${name} must be a whole number of at least 1, got ${value}`);
  }
  const now = options.now ?? (() => performance.now());
  const epochNs = options.epochNs ?? epochClock();
  const disturbances = new Disturbances(limits.settleMs);
  const open = new OpenTransactions({ settleMs: limits.settleMs, maxOpen: limits.maxOpenTransactions, maxHops: limits.maxHopsPerTransaction });
  const store = new TransactionStore(limits.retainedTransactions, limits.maxHopsPerTransaction);
  const book = new LatencyBook({
    intervalNs: BigInt(limits.intervalMs) * 1_000_000n, retainedIntervals: limits.retainedIntervals, maxApplications: limits.maxApplications,
  });
  const counts = { judged: 0, complete: 0, incomplete: 0, lateRecords: 0, untracedRecords: 0 };
  // Evicted transactions wait here for the next judgement, so that ingest() stays cheap and returns nothing.
  let evicted: OpenTransaction[] = [];

  const judgeInto = (out: JudgedTransaction[], transactions: readonly OpenTransaction[], early: boolean, judgedAtUnixNano: bigint) => {
    for (const transaction of transactions) {
      const judged = judgeTransaction(transaction.hops, {
        touched: disturbances.touches(transaction.firstSeenMs), evicted: early, droppedHops: transaction.droppedHops, judgedAtUnixNano,
      });
      store.add(judged);
      book.add(judged);
      counts.judged++;
      if (judged.complete) counts.complete++;
      else counts.incomplete++;
      out.push(judged);
    }
  };
  // Judges the evicted transactions, then `more` (evicted too when `early`), into one list.
  const judge = (more: readonly OpenTransaction[], early: boolean): JudgedTransaction[] => {
    const judgedAtUnixNano = epochNs();
    const out: JudgedTransaction[] = [];
    judgeInto(out, evicted, true, judgedAtUnixNano);
    judgeInto(out, more, early, judgedAtUnixNano);
    evicted = [];
    return out;
  };

  // An open transaction's trace is never among the judged ones (a record of a judged trace attaches to it late, and
  // judging moves a transaction from one to the other), so the open table is asked first: most records join an open one.
  const ingestHop = (hop: Hop) => {
    const nowMs = now();
    if (open.join(hop, nowMs)) return;
    if (store.attachLate(hop)) {
      counts.lateRecords++;
      return;
    }
    const out = open.start(hop, nowMs);
    if (out) evicted.push(out);
  };
  const keys = new HopKeys();

  return {
    settleMs: limits.settleMs,
    limits,
    disturbances,
    store,
    book,
    names: keys.names,
    ingest(record) {
      const hop = hopOf(record, keys);
      if (hop) ingestHop(hop);
      else counts.untracedRecords++;
    },
    ingestHop,
    judgeSettled: () => judge(open.settled(now()), false),
    judgeAll: () => judge(open.drain(), true),
    stats: () => ({ open: open.size, ...counts }),
  };
}
