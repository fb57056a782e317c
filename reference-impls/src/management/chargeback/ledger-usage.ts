/** What the ledger counts, each in an integer base unit. */
export type LedgerItem = "cpu_time_ns" | "storage_byte_ns" | "memory_byte_ns" | "bytes_moved" | "transactions";

/** One quantity to add to one ledger line. */
export interface UsageIncrement {
  periodStart: bigint;
  tenantId: string;
  applicationId: string;
  item: LedgerItem;
  /** The layer's enum name for bytes moved; "" otherwise. */
  layer: string;
  /** The response-time band's name for transactions; "" otherwise. */
  band: string;
  quantity: bigint;
}

/** The key of a ledger line. */
export function lineKey(u: Omit<UsageIncrement, "quantity">): string {
  return [u.periodStart, u.tenantId, u.applicationId, u.item, u.layer, u.band].join("\u0000");
}

/** Sums increments of the same line. */
export function sumIncrements(increments: Iterable<UsageIncrement>): UsageIncrement[] {
  const lines = new Map<string, UsageIncrement>();
  for (const u of increments) {
    const key = lineKey(u);
    const line = lines.get(key);
    if (line) line.quantity += u.quantity;
    else lines.set(key, { ...u });
  }
  return [...lines.values()];
}
