import { management } from "@strata/sdk/contracts";
import { pause } from "../helpers/pause.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import { chargedForCall, chargedOnce, listPeriods, reportOf, sinceNow } from "./management-ledger.js";
import { check } from "./management-checks.js";
import { managementModuleOf } from "./management-module.js";
import { managementOf } from "./management-services.js";
import { chargeableCall, type ChargeableCall } from "./management-traffic.js";
import { served } from "./served.js";

/** How far before a call the periods that may hold its usage end: the endpoint's clock and a period boundary. */
const MARGIN_MS = 5_000;

/** Asserts that the ledger charges every call exactly the bytes it moved, `when` naming the moment in messages. */
async function expectChargedExactly(t: LayerCheckContext, calls: readonly ChargeableCall[], sinceNs: bigint, when: string) {
  for (const made of calls) {
    const bytes = await chargedForCall(t, made, sinceNs);
    t.equal(bytes, made.call.payloadBytes, `${when}, the ledger charges ${made.tenantId}/${made.applicationId} with bytes moved other than the ${made.call.payloadBytes} of `
      + `${made.call.what}, its one request record in the hub's stream; the standard requires every record counted exactly once (MGMT-CHG-1)`);
  }
}

check("ChargebackService counts a request the suite made behind the hub exactly once, and still once after the endpoint restarts [chargeback]",
  { covers: ["MGMT-CHG-1"] }, async (t) => {
    await served(t, "ChargebackService", managementOf(t.operator).chargeback.listPeriods({ page: undefined }));
    const since = sinceNow(MARGIN_MS);
    const counted = await chargeableCall(t, "counted");
    await chargedOnce(t, counted, since);
    // The ledger follows the stream in order: once a later record is counted, a second count of the first would show.
    const later = await chargeableCall(t, "counted-later");
    await chargedOnce(t, later, since);
    await expectChargedExactly(t, [counted, later], since, "once a later record was counted");
    const { restart } = managementModuleOf(t);
    if (!restart) {
      t.log("the run cannot restart the management endpoint (no restart given): what survives a restart is not judged");
      return;
    }
    await restart();
    const afterRestart = await chargeableCall(t, "counted-after-restart");
    await chargedOnce(t, afterRestart, since);
    await expectChargedExactly(t, [counted, later, afterRestart], since, "after the endpoint restarted");
  });

/** A report's charges, as comparable text (a closed period's late_records may still grow: late usage is counted in the current period). */
const shapeOf = (report: management.GetChargebackReportResponse) =>
  JSON.stringify(management.GetChargebackReportResponse.toJSON({ ...report, period: undefined }));

check("A closed chargeback period records the stream position it closed at, and its charges never change [chargeback]",
  { covers: ["MGMT-CHG-2"] }, async (t) => {
    await served(t, "ChargebackService", managementOf(t.operator).chargeback.listPeriods({ page: undefined }));
    const since = sinceNow(MARGIN_MS);
    // Usage of the suite's own, so that the period it lands in exists and closes in its turn.
    await chargedOnce(t, await chargeableCall(t, "closing"), since);
    const deadline = Date.now() + t.config.timeoutMs * 0.5;
    let closed = (await listPeriods(t)).filter((p) => p.closed);
    while (closed.length === 0) {
      if (Date.now() > deadline) {
        const open = (await listPeriods(t)).at(-1);
        const length = open ? `${Number(open.endTimeUnixNano - open.startTimeUnixNano) / 1e9} s` : "unknown";
        return t.skip(`no chargeback period closed within ${Math.round(t.config.timeoutMs * 0.5)} ms (the endpoint's periods are ${length} long, and close after a grace); give a longer --timeout to judge it`);
      }
      await pause(250, t.signal);
      closed = (await listPeriods(t)).filter((p) => p.closed);
    }
    const judged = closed.slice(-3);
    const before = new Map<bigint, management.GetChargebackReportResponse>();
    for (const period of judged) {
      const report = await reportOf(t, period.startTimeUnixNano);
      t.ensure(period.closedLogId !== "", `closed period ${period.startTimeUnixNano} has an empty closed_log_id; the standard requires a closed period to record the stream position it closed at (MGMT-CHG-2)`);
      t.ensure(report.tenants.length === 0 || period.closedWatermark > 0n,
        `closed period ${period.startTimeUnixNano} charges usage but records closed_watermark 0: the stream position it closed at must lie past the records it counted (MGMT-CHG-2)`);
      before.set(period.startTimeUnixNano, report);
    }
    // More usage, counted after they closed: none of it may reach a closed period.
    await chargedOnce(t, await chargeableCall(t, "after-close"), since);
    const periodsNow = await listPeriods(t);
    for (const period of judged) {
      const now = periodsNow.find((p) => p.startTimeUnixNano === period.startTimeUnixNano);
      t.ensure(now?.closed === true, `closed period ${period.startTimeUnixNano} is ${now ? "open again" : "no longer listed"}; a closed period MUST NOT change (MGMT-CHG-2)`);
      t.equal([now!.closedLogId, now!.closedWatermark], [period.closedLogId, period.closedWatermark], `closed period ${period.startTimeUnixNano}'s stream position changed`);
      const after = await reportOf(t, period.startTimeUnixNano);
      t.ensure(shapeOf(after) === shapeOf(before.get(period.startTimeUnixNano)!),
        `the charges of closed period ${period.startTimeUnixNano} changed after more usage was counted: before ${shapeOf(before.get(period.startTimeUnixNano)!)}, after ${shapeOf(after)}; a closed period's charges MUST NOT change (MGMT-CHG-2)`);
    }
  });
