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
  // The ring holds the transactions and their sequences side by side, and the index maps a trace to its slot: no
  // wrapper object per retained transaction; get() and newestFirst() make one for the (rare) query.
  private readonly ring: (JudgedTransaction | undefined)[];
  private readonly sequences: Float64Array;
  private readonly byTrace = new Map<string, number>();
  private sequence = 0;

  constructor(readonly capacity: number, private readonly maxHops: number = Infinity) {
    this.ring = new Array<JudgedTransaction | undefined>(capacity).fill(undefined);
    this.sequences = new Float64Array(capacity);
  }

  add(transaction: JudgedTransaction): void {
    const slot = this.sequence % this.capacity;
    const replaced = this.ring[slot];
    if (replaced && this.byTrace.get(replaced.traceKey) === slot) this.byTrace.delete(replaced.traceKey);
    this.ring[slot] = transaction;
    this.sequences[slot] = ++this.sequence;
    this.byTrace.set(transaction.traceKey, slot);
  }

  get(traceKey: string): StoredTransaction | undefined {
    const slot = this.byTrace.get(traceKey);
    return slot === undefined ? undefined : { sequence: this.sequences[slot]!, transaction: this.ring[slot]! };
  }

  /**
   * Adds a record that arrived after its transaction was judged (counted, and
   * kept while the transaction has fewer than maxHops hops); false when the
   * transaction is no longer retained.
   */
  attachLate(hop: Hop): boolean {
    const slot = this.byTrace.get(hop.traceKey);
    if (slot === undefined) return false;
    const transaction = this.ring[slot]!;
    const { hops } = transaction;
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
    transaction.lateRecords++;
    return true;
  }

  /** Every retained transaction, newest judged first. */
  *newestFirst(): Iterable<StoredTransaction> {
    for (let i = 0; i < Math.min(this.sequence, this.capacity); i++) {
      const slot = (this.sequence - 1 - i) % this.capacity;
      const transaction = this.ring[slot];
      if (transaction) yield { sequence: this.sequences[slot]!, transaction };
    }
  }
}
