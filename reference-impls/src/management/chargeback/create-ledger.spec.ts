import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedger, type Ledger } from "./create-ledger.js";
import { testEngines, type TestDatabase } from "./fixtures/test-databases.js";
import type { UsageIncrement } from "./ledger-usage.js";

const PERIOD = 1_000n;
const usage = (increments: UsageIncrement[], recordsByPeriod: Array<[bigint, number]> = []) => ({ increments, recordsByPeriod: new Map(recordsByPeriod) });
const line = (periodStart: bigint, quantity: bigint, tenantId = "tenant-a"): UsageIncrement =>
  ({ periodStart, tenantId, applicationId: "shop", item: "transactions", layer: "", band: "fast", quantity });

describe.each(testEngines())("createLedger() on %s", (_engine, open) => {
  let database: TestDatabase;
  let ledger: Ledger;
  beforeAll(async () => {
    database = await open();
    ledger = await createLedger(database.db, PERIOD);
  }, 120_000);
  afterAll(() => database?.dispose());

  it("should count a batch once: a second commit at the same position or an earlier one adds nothing", async () => {
    expect(await ledger.commit("s1", { logId: "log-1", watermark: 5n }, usage([line(0n, 3n)], [[0n, 3]]), 10n)).toBe(true);
    expect(await ledger.commit("s1", { logId: "log-1", watermark: 5n }, usage([line(0n, 3n)], [[0n, 3]]), 10n)).toBe(false);
    expect(await ledger.commit("s1", { logId: "log-1", watermark: 4n }, usage([line(0n, 3n)], [[0n, 3]]), 10n)).toBe(false);
    expect(await ledger.commit("s1", { logId: "log-1", watermark: 9n }, usage([line(0n, 2n)], [[0n, 2]]), 10n)).toBe(true);
    expect((await ledger.lines(0n)).map((l) => l.quantity)).toEqual([5n]);
    expect(await ledger.cursor("s1")).toMatchObject({ logId: "log-1", watermark: 9n, records: 5n });
    // Another log (the hub restarted) starts again from its own positions.
    expect(await ledger.commit("s1", { logId: "log-2", watermark: 1n }, usage([line(0n, 1n)], [[0n, 1]]), 10n)).toBe(true);
    expect((await ledger.lines(0n)).map((l) => l.quantity)).toEqual([6n]);
  });

  it("should close a period once, at the stream position given, and charge what comes later to the open period as late", async () => {
    expect(await ledger.closePeriods(1_000n, { logId: "log-2", watermark: 1n })).toEqual([0n]);
    expect(await ledger.closePeriods(1_000n, { logId: "log-2", watermark: 7n })).toEqual([]);
    expect(await ledger.period(0n)).toMatchObject({ closed: true, closedLogId: "log-2", closedWatermark: 1n, lateRecords: 0n });
    await ledger.commit("s1", { logId: "log-2", watermark: 8n }, usage([line(0n, 4n)], [[0n, 4]]), 2_500n);
    expect((await ledger.lines(0n)).map((l) => l.quantity)).toEqual([6n]);
    expect((await ledger.lines(2_000n)).map((l) => l.quantity)).toEqual([4n]);
    expect((await ledger.period(0n))!.lateRecords).toBe(4n);
  });

  it("should accrue provisioned capacity split at period boundaries, from where the last accrual stopped", async () => {
    const holding = { tenantId: "tenant-b", applicationId: "db", item: "storage_byte_ns" as const, bytes: 10n };
    await ledger.accrue("s2", 3_500n, [holding]);
    await ledger.accrue("s2", 5_200n, [holding]);
    await ledger.accrue("s2", 5_200n, [holding]);
    const accrued = async (start: bigint) => (await ledger.lines(start)).filter((l) => l.tenantId === "tenant-b").map((l) => l.quantity);
    expect([await accrued(3_000n), await accrued(4_000n), await accrued(5_000n)]).toEqual([[5_000n], [10_000n], [2_000n]]);
  });

  it("should refuse to open a ledger with another period length", async () => {
    await expect(createLedger(database.db, 2_000n)).rejects.toThrow(/1000 ns long, not 2000 ns/);
  });
});
