import { core, management } from "@strata/sdk/contracts";
import type { LedgerLine, LedgerPeriod } from "./create-ledger.js";
import type { RateCard } from "./rate-card.js";

const { ChargeItem } = management;
const NS_PER_SECOND = 1e9;
const BYTE_NS_PER_GB_HOUR = 1e9 * 3600 * 1e9;
const MICROS = 1e6;

/** One ledger line as a priced charge line. */
export function priceLine(line: LedgerLine, card: RateCard): management.ChargeLine {
  const q = Number(line.quantity);
  const base = { applicationId: line.applicationId, layer: core.Layer.LAYER_UNSPECIFIED, band: "" };
  const priced = (item: management.ChargeItem, quantity: number, unit: string, unitPrice: number, extra: Partial<management.ChargeLine> = {}) => {
    const unitPriceMicros = unitPrice * MICROS;
    return management.ChargeLine.fromPartial({ ...base, ...extra, item, quantity, unit, unitPriceMicros, amountMicros: Math.round(quantity * unitPriceMicros) });
  };
  const { prices } = card;
  switch (line.item) {
    case "cpu_time_ns": return priced(ChargeItem.CHARGE_ITEM_CPU_SECONDS, q / NS_PER_SECOND, "s", prices.cpuSecond);
    case "storage_byte_ns": return priced(ChargeItem.CHARGE_ITEM_STORAGE_GB_HOURS, q / BYTE_NS_PER_GB_HOUR, "GBy.h", prices.storageGbHour);
    case "memory_byte_ns": return priced(ChargeItem.CHARGE_ITEM_MEMORY_GB_HOURS, q / BYTE_NS_PER_GB_HOUR, "GBy.h", prices.memoryGbHour);
    case "bytes_moved": {
      const perGb = prices.bytesMovedPerGb[line.layer] ?? prices.bytesMovedPerGb["default"]!;
      return priced(ChargeItem.CHARGE_ITEM_BYTES_MOVED, q, "By", perGb / 1e9, { layer: core.layerFromJSON(line.layer) });
    }
    case "transactions": {
      // A band the card no longer has is shown at no price rather than dropped: the count stays visible.
      const band = card.transactionBands.find((b) => b.name === line.band);
      return priced(ChargeItem.CHARGE_ITEM_TRANSACTIONS, q, "{transaction}", band?.price ?? 0, { band: line.band });
    }
  }
}

/** A period's ledger lines priced by a rate card, per tenant. */
export function pricePeriod(period: LedgerPeriod, lines: readonly LedgerLine[], card: RateCard): management.GetChargebackReportResponse {
  const tenants = new Map<string, management.TenantCharges>();
  for (const line of lines) {
    const tenant = tenants.get(line.tenantId) ?? management.TenantCharges.fromPartial({ tenantId: line.tenantId });
    const priced = priceLine(line, card);
    tenant.lines.push(priced);
    tenant.totalMicros += priced.amountMicros;
    tenants.set(line.tenantId, tenant);
  }
  return management.GetChargebackReportResponse.fromPartial({
    period: toPeriodMessage(period),
    currency: card.currency,
    rateCardId: card.id,
    tenants: [...tenants.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1)),
  });
}

export function toPeriodMessage(p: LedgerPeriod): management.Period {
  return management.Period.fromPartial({
    startTimeUnixNano: p.start, endTimeUnixNano: p.end, closed: p.closed,
    closedLogId: p.closedLogId, closedWatermark: p.closedWatermark, lateRecords: p.lateRecords,
  });
}
