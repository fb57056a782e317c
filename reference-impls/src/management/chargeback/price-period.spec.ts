import { core, management } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import type { LedgerLine, LedgerPeriod } from "./create-ledger.js";
import { pricePeriod } from "./price-period.js";
import { DEFAULT_RATE_CARD } from "./rate-card.js";
import { reportsToCsv } from "./report-csv.js";

const PERIOD: LedgerPeriod = { start: 0n, end: 3_600_000_000_000n, closed: true, closedLogId: "log", closedWatermark: 42n, lateRecords: 0n };
const line = (tenantId: string, item: LedgerLine["item"], quantity: bigint, extra: Partial<LedgerLine> = {}): LedgerLine =>
  ({ periodStart: 0n, tenantId, applicationId: "shop", item, layer: "", band: "", quantity, ...extra });

describe("pricePeriod()", () => {
  it("should price each line in the rate card's units and total each tenant in millionths", () => {
    const report = pricePeriod(PERIOD, [
      line("tenant-a", "cpu_time_ns", 20_000_000_000n), // 20 CPU-seconds at 0.00005: 1000 micros
      line("tenant-a", "storage_byte_ns", 10n ** 9n * 3_600_000_000_000n), // 1 GB-hour at 0.0001: 100 micros
      line("tenant-a", "bytes_moved", 2n * 10n ** 9n, { layer: "LAYER_NETWORK" }), // 2 GB at the default 0.01: 20 000 micros
      line("tenant-a", "transactions", 1000n, { band: "under-10ms" }), // 1000 at 0.00001: 10 000 micros
      line("tenant-b", "transactions", 3n, { band: "retired-band" }),
    ], DEFAULT_RATE_CARD);
    const [a, b] = report.tenants;
    expect(a!.lines.map((l) => [management.chargeItemToJSON(l.item), l.quantity, l.unit, l.amountMicros])).toEqual([
      ["CHARGE_ITEM_CPU_SECONDS", 20, "s", 1000n],
      ["CHARGE_ITEM_STORAGE_GB_HOURS", 1, "GBy.h", 100n],
      ["CHARGE_ITEM_BYTES_MOVED", 2e9, "By", 20_000n],
      ["CHARGE_ITEM_TRANSACTIONS", 1000, "{transaction}", 10_000n],
    ]);
    expect(a!.lines[2]!.layer).toBe(core.Layer.LAYER_NETWORK);
    expect(a!.totalMicros).toBe(31_100n);
    // A band the card no longer prices stays visible, at no charge.
    expect(b!.lines[0]).toMatchObject({ band: "retired-band", quantity: 3, amountMicros: 0n });
    expect(report).toMatchObject({ currency: "EUR", rateCardId: DEFAULT_RATE_CARD.id, period: { closed: true, closedWatermark: 42n } });

    const csv = reportsToCsv([report]).trim().split("\n");
    expect(csv[0]).toBe("period_start,period_end,closed,currency,tenant_id,application_id,item,layer,band,quantity,unit,unit_price,amount");
    expect(csv[3]).toBe("1970-01-01T00:00:00.000Z,1970-01-01T01:00:00.000Z,true,EUR,tenant-a,shop,CHARGE_ITEM_BYTES_MOVED,LAYER_NETWORK,,2000000000,By,1e-11,0.020000");
    expect(csv).toHaveLength(6);
  });
});
