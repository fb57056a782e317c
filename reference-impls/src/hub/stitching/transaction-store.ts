import type { Hop } from "./hop.js";
import type { JudgedHop, JudgedTransaction } from "./judge-transaction.js";

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
    const late: JudgedHop = {
      ...hop, late: true, selfNs: 0, critical: false,
      orphan: hop.parentKey !== "" && !stored.transaction.hops.some((h) => h.spanKey === hop.parentKey),
    };
    if (stored.transaction.hops.length < this.maxHops) stored.transaction.hops.push(late);
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
