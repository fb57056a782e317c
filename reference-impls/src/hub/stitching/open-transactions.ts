import type { Hop } from "./hop.js";

/** A transaction whose records still arrive. */
export interface OpenTransaction {
  readonly traceKey: string;
  readonly hops: Hop[];
  /** When its first and last records arrived, ms on the stitcher's clock. */
  readonly firstSeenMs: number;
  lastSeenMs: number;
  /** Hops left out at the hop cap. */
  droppedHops: number;
}

/**
 * The open transactions, in order of last activity (a Map re-inserts a
 * transaction at each record), so that both the settled ones and the least
 * recently active one are at the front. Bounded: at `maxOpen`, a new
 * transaction first evicts the least recently active one; at `maxHops`
 * hops, a transaction's further hops are counted, not kept.
 */
export class OpenTransactions {
  private readonly open = new Map<string, OpenTransaction>();
  /** The most recently active transaction (the last in `open`), while it is open. */
  private last: OpenTransaction | undefined;

  constructor(private readonly options: { settleMs: number; maxOpen: number; maxHops: number }) {}

  get size(): number {
    return this.open.size;
  }

  /** Adds a hop; returns the transaction evicted (before its settle window ended) to make room for a new one, if any. */
  add(hop: Hop, nowMs: number): OpenTransaction | undefined {
    return this.join(hop, nowMs) ? undefined : this.start(hop, nowMs);
  }

  /**
   * Adds a hop to the open transaction of its trace; false when none is
   * open. The records of a transaction mostly come one after another: one
   * already the most recently active stays where it is, with no lookup.
   */
  join(hop: Hop, nowMs: number): boolean {
    const last = this.last;
    const existing = last !== undefined && last.traceKey === hop.traceKey ? last : this.open.get(hop.traceKey);
    if (!existing) return false;
    if (existing.hops.length < this.options.maxHops) existing.hops.push(hop);
    else existing.droppedHops++;
    existing.lastSeenMs = nowMs;
    if (existing !== last) {
      this.open.delete(hop.traceKey);
      this.open.set(hop.traceKey, existing);
      this.last = existing;
    }
    return true;
  }

  /** Opens the transaction of a hop whose trace has none open; returns the transaction evicted to make room, if any. */
  start(hop: Hop, nowMs: number): OpenTransaction | undefined {
    let evicted: OpenTransaction | undefined;
    if (this.open.size >= this.options.maxOpen) {
      const [key, oldest] = this.open.entries().next().value as [string, OpenTransaction];
      this.open.delete(key);
      evicted = oldest;
    }
    const transaction: OpenTransaction = { traceKey: hop.traceKey, hops: [hop], firstSeenMs: nowMs, lastSeenMs: nowMs, droppedHops: 0 };
    this.open.set(hop.traceKey, transaction);
    this.last = transaction;
    return evicted;
  }

  /** Removes and returns every transaction whose last record is at least settleMs old. */
  settled(nowMs: number): OpenTransaction[] {
    const out: OpenTransaction[] = [];
    for (const [key, transaction] of this.open) {
      if (transaction.lastSeenMs + this.options.settleMs > nowMs) break;
      this.open.delete(key);
      if (transaction === this.last) this.last = undefined;
      out.push(transaction);
    }
    return out;
  }

  /** Removes and returns every open transaction (the hub stops: each leaves before its settle window ended). */
  drain(): OpenTransaction[] {
    const out = [...this.open.values()];
    this.open.clear();
    this.last = undefined;
    return out;
  }
}
