import { core, management, rpc } from "@strata/sdk/contracts";
import { pause } from "../helpers/pause.js";
import { walkPages } from "../helpers/walk-pages.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import { managementModuleOf } from "./management-module.js";
import type { ChargeableCall } from "./management-traffic.js";
import { managementOf } from "./management-services.js";

type Who = "tenantA" | "tenantB" | "operator";
const { ChargeItem } = management;

/** How many bytes a ChargeLine's unit stands for (UCUM, as the metric catalogues write units). */
const BYTES_PER_UNIT: Readonly<Record<string, number>> = { By: 1, kBy: 1e3, MBy: 1e6, GBy: 1e9, TBy: 1e12 };

/** Every period of the ledger, oldest first, as `who` lists them. */
export async function listPeriods(t: LayerCheckContext, who: Who = "operator"): Promise<management.Period[]> {
  return walkPages(t, `ChargebackService.ListPeriods by ${who}`, async (page) => {
    const answer = await managementOf(t[who]).chargeback.listPeriods({ page });
    return { items: answer.periods, page: answer.page };
  });
}

/** One period's report as `who` asks for it (every tenant it may see), asserted answered. */
export function reportOf(t: LayerCheckContext, start: bigint, who: Who = "operator", tenantIds: string[] = []): Promise<management.GetChargebackReportResponse> {
  return t.expectCode(managementOf(t[who]).chargeback.getChargebackReport({ periodStartTimeUnixNano: start, tenantIds }), rpc.Code.OK,
    `ChargebackService.GetChargebackReport of period ${start} by ${who}`);
}

/** The bytes moved charged to a tenant's application on one layer in a report, in bytes. */
export function bytesCharged(t: LayerCheckContext, report: management.GetChargebackReportResponse, tenantId: string, applicationId: string, layer: core.Layer): number {
  let bytes = 0;
  for (const line of report.tenants.filter((c) => c.tenantId === tenantId).flatMap((c) => c.lines)) {
    if (line.applicationId !== applicationId || line.item !== ChargeItem.CHARGE_ITEM_BYTES_MOVED || line.layer !== layer) continue;
    const scale = BYTES_PER_UNIT[line.unit];
    t.ensure(scale !== undefined, `a CHARGE_ITEM_BYTES_MOVED line has unit "${line.unit}"; the suite reads bytes in By, kBy, MBy, GBy or TBy`);
    bytes += line.quantity * scale!;
  }
  return bytes;
}

/** The bytes moved the ledger charges to the call's application on its layer, over every period that may hold it. */
export async function chargedForCall(t: LayerCheckContext, made: ChargeableCall, sinceNs: bigint): Promise<number> {
  const layer = managementModuleOf(t).hubSide(t).module.layer;
  let bytes = 0;
  for (const period of (await listPeriods(t)).filter((p) => p.endTimeUnixNano > sinceNs)) {
    bytes += bytesCharged(t, await reportOf(t, period.startTimeUnixNano), made.tenantId, made.applicationId, layer);
  }
  return bytes;
}

/**
 * Waits until the ledger charges the call's application (in any period that
 * ended after `sinceNs`) and resolves to the bytes it charges; fails when
 * it does not within the check's deadline.
 */
export async function chargedOnce(t: LayerCheckContext, made: ChargeableCall, sinceNs: bigint): Promise<number> {
  const deadline = Date.now() + t.config.timeoutMs * 0.8;
  for (;;) {
    const bytes = await chargedForCall(t, made, sinceNs);
    if (bytes > 0) return bytes;
    if (Date.now() > deadline) {
      return t.fail(`the ledger charged no bytes moved to ${made.tenantId}/${made.applicationId} for ${made.call.what} (${made.call.payloadBytes} bytes), `
        + `whose record the hub holds, within ${Math.round(t.config.timeoutMs * 0.8)} ms; the standard requires every request record of the hub's stream counted (MGMT-CHG-1)`);
    }
    await pause(200, t.signal);
  }
}

/** Now, on the suite's clock, in ns since the epoch, less a margin for the endpoint's clock and period boundaries. */
export const sinceNow = (marginMs: number) => BigInt(Date.now() - marginMs) * 1_000_000n;
