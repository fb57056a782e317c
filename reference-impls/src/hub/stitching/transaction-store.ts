import type { Hop } from "./hop.js";
import type { JudgedHop, JudgedTransaction } from "./judge-transaction.js";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A retained judged transaction and its place in judgement order (1, 2, 3…). */
export interface StoredTransaction {
  readonly sequence: number;
  readonly transaction: JudgedTransaction;
}

/**
 * The last `capacity` judged transactions, in a ring, by trace id: what
 * ListTransactions and GetTransaction answer, and where a late record of a
 * judged trace finds its transaction instead of opening a new one.
 */
export class TransactionStore {
  private readonly ring: (StoredTransaction | undefined)[];
  private readonly byTrace = new Map<string, StoredTransaction>();
  private sequence = 0;

  constructor(readonly capacity: number, private readonly maxHops: number = Infinity) {
    this.ring = new Array<StoredTransaction | undefined>(capacity).fill(undefined);
  }

  add(transaction: JudgedTransaction): StoredTransaction {
    const slot = this.sequence % this.capacity;
    const replaced = this.ring[slot];
    if (replaced && this.byTrace.get(replaced.transaction.traceKey) === replaced) this.byTrace.delete(replaced.transaction.traceKey);
    const stored = { sequence: ++this.sequence, transaction };
    this.ring[slot] = stored;
    this.byTrace.set(transaction.traceKey, stored);
    return stored;
  }

  get(traceKey: string): StoredTransaction | undefined {
    return this.byTrace.get(traceKey);
  }

  /**
   * Adds a record that arrived after its transaction was judged (counted, and
   * kept while the transaction has fewer than maxHops hops); false when the
   * transaction is no longer retained.
   */
  attachLate(hop: Hop): boolean {
    const stored = this.byTrace.get(hop.traceKey);
    if (!stored) return false;
    const { hops } = stored.transaction;
    if (hops.length < this.maxHops) {
      let orphan = hop.parentKey !== "";
      for (let i = 0; orphan && i < hops.length; i++) if (hops[i]!.spanKey === hop.parentKey) orphan = false;
      // The hop becomes its judged (late) hop in place, as judging does.
      const late = hop as Writable<JudgedHop>;
      late.late = true;
      late.selfNs = 0;
      late.critical = false;
      late.orphan = orphan;
      hops.push(late);
    }
    stored.transaction.lateRecords++;
    return true;
  }

  /** Every retained transaction, newest judged first. */
  *newestFirst(): Iterable<StoredTransaction> {
    for (let i = 0; i < Math.min(this.sequence, this.capacity); i++) {
      const stored = this.ring[(this.sequence - 1 - i) % this.capacity];
      if (stored) yield stored;
    }
  }
}
