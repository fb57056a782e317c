import { core, management } from "@strata/sdk/contracts";
import { stringify } from "csv-stringify/sync";

const COLUMNS = [
  "period_start", "period_end", "closed", "currency", "tenant_id", "application_id", "item", "layer", "band",
  "quantity", "unit", "unit_price", "amount",
];

const money = (micros: number | bigint) => (Number(micros) / 1e6).toFixed(6);
const iso = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();

/** Chargeback reports as CSV: one row per charge line, unit prices in currency units as they are, amounts with six decimals. */
export function reportsToCsv(reports: readonly management.GetChargebackReportResponse[]): string {
  const rows: unknown[][] = [];
  for (const report of reports) {
    const p = report.period!;
    for (const tenant of report.tenants) {
      for (const l of tenant.lines) {
        rows.push([
          iso(p.startTimeUnixNano), iso(p.endTimeUnixNano), String(p.closed), report.currency, tenant.tenantId, l.applicationId,
          management.chargeItemToJSON(l.item), l.layer === core.Layer.LAYER_UNSPECIFIED ? "" : core.layerToJSON(l.layer), l.band,
          l.quantity, l.unit, String(Number((l.unitPriceMicros / 1e6).toPrecision(12))), money(l.amountMicros),
        ]);
      }
    }
  }
  return stringify(rows, { header: true, columns: COLUMNS });
}
