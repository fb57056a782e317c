import { rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { hex } from "../../helpers/telemetry-reader.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./device-checks.js";
import { enrolDevice, payloadOf } from "./support/device-enrolment.js";
import { reportsOf, reportsOfDevice } from "./support/list-pages.js";
import { transactCall, type TransactedCall } from "./support/transact-call.js";

const { Code } = rpc;
/** Slack for the two clocks when a report says its user waited longer than the suite did, ms. */
const CLOCK_EPSILON_MS = 1;

check("Each transaction yields exactly one experience report, whose latency agrees with what the suite observed and whose ids are its record's [device] [experience]",
  { covers: ["DEV-EXP-1", "DEV-EXP-2", "DEV-EXP-3"] }, async (t) => {
    const enrolled = await enrolDevice(t, "experience", { userId: "carol" });
    const { deviceId } = enrolled;
    const calls: TransactedCall[] = [];
    const delaysNs = [0, 5_000_000, 25_000_000, 10_000_000];
    for (const [index, delayNs] of delaysNs.slice(0, 3).entries()) {
      calls.push(await transactCall(t, { deviceId, transactionName: `step-${index}`, payload: payloadOf(200, index), delayNs, label: `transaction #${index + 1}` }));
    }
    calls.push(await transactCall(t, {
      deviceId, transactionName: "doomed", payload: payloadOf(20, 9), delayNs: delaysNs[3], fail: true, code: Code.UNAVAILABLE, label: "transaction #4",
    }));
    await transactCall(t, { deviceId, payload: Buffer.alloc(Number(t.limits.maxIoBytes) + 1), code: Code.INVALID_ARGUMENT, label: "a refused transaction" });

    const listed = await reportsOfDevice(t, deviceId);
    for (const call of calls) {
      const mine = listed.filter((r) => hex(r.traceId) === call.trace.traceId);
      t.ensure(mine.length === 1, `${call.what}: ${mine.length} experience reports carry its trace id ${call.trace.traceId}; `
        + "the standard requires exactly one per transaction, failed or not");
      const report = mine[0]!;
      if (call.response) {
        t.equal(report, call.response.report, `${call.what}: the report ListExperienceReports lists must be the one Transact answered`);
      }
      const waitedMs = Number(report.latencyNs) / 1e6;
      t.ensure(report.latencyNs > 0n, `${call.what}: the report's latency_ns is 0; the standard requires the latency its user saw, measured`);
      t.ensure(waitedMs <= call.observedMs + CLOCK_EPSILON_MS, `${call.what}: the report's latency_ns is ${waitedMs.toFixed(3)} ms, more than the `
        + `${call.observedMs.toFixed(3)} ms the suite waited for the answer; the user's latency ends when the device holds the answer`);
      const appMs = enrolled.route === device.TransactionRoute.TRANSACTION_ROUTE_ECHO ? delaysNs[calls.indexOf(call)]! / 1e6 : 0;
      t.ensure(waitedMs + CLOCK_EPSILON_MS >= appMs, `${call.what}: the report's latency_ns is ${waitedMs.toFixed(3)} ms, less than the ${appMs} ms `
        + "the echo application took over it; the user's latency runs from issuing the transaction to holding the answer");
      t.equal([report.deviceId, report.userId, report.deviceKind, report.transactionName, report.origin, report.statusCode, report.applicationId],
        [deviceId, "carol", enrolled.kind, call.what.startsWith("transaction #4") ? "doomed" : `step-${calls.indexOf(call)}`,
          device.TransactionOrigin.TRANSACTION_ORIGIN_TRANSACT, call.code, call.applicationId],
        `${call.what}: the report's device_id, user_id, device_kind, transaction_name, origin, status_code and application_id`);
      t.ensure(report.spanId.length === 8 && !/^0+$/.test(hex(report.spanId)), `${call.what}: the report's span_id is "${hex(report.spanId)}"; `
        + "with a trace id it carries the 8-byte span of the device, its record's span_id");
    }
    t.ensure(listed.length === calls.length, `ListExperienceReports of device ${deviceId} lists ${listed.length} reports after ${calls.length} transactions `
      + "and one refused Transact; a call refused before its device issued anything yields no report");
  });

check("ListExperienceReports keeps the reports of a device, of an application, and answers each error of its table [device] [experience] [errors]",
  { covers: ["DEV-EXP-1"] }, async (t) => {
    const first = await enrolDevice(t, "reports-a");
    const second = await enrolDevice(t, "reports-b");
    const otherApp = uniqueName("other-app");
    await transactCall(t, { deviceId: first.deviceId, payload: payloadOf(8, 1), label: "a transaction of the first device" });
    await transactCall(t, { deviceId: first.deviceId, payload: payloadOf(8, 2), applicationId: otherApp, label: "a transaction of the first device for another application" });
    await transactCall(t, { deviceId: second.deviceId, payload: payloadOf(8, 3), label: "a transaction of the second device" });
    const ofFirst = await reportsOfDevice(t, first.deviceId);
    t.equal(ofFirst.map((r) => r.deviceId), [first.deviceId, first.deviceId], `ListExperienceReports filtered by device_id ${first.deviceId}: the devices of the reports`);
    const ofOther = await walkPages(t, "ListExperienceReports filtered by application_id", reportsOf(t.tenantA, { applicationId: otherApp }));
    t.equal(ofOther.map((r) => [r.deviceId, r.applicationId]), [[first.deviceId, otherApp]],
      `ListExperienceReports filtered by application_id ${otherApp}: the one transaction done for it`);
    const ofB = await walkPages(t, "ListExperienceReports by tenant B naming tenant A's device", reportsOf(t.tenantB, { deviceId: first.deviceId }));
    t.equal(ofB.length, 0, "ListExperienceReports by tenant B naming tenant A's device must match nothing; the reports it served");

    const list = (fields: Partial<device.ListExperienceReportsRequest>) => t.tenantA.experience.listExperienceReports(device.ListExperienceReportsRequest.fromPartial(fields));
    await expectInvalidField(t, list({ page: { pageSize: -1, pageToken: "" } }), "page.page_size", "ListExperienceReports with page_size -1");
    await expectInvalidField(t, list({ page: { pageSize: 0, pageToken: "forged" } }), "page.page_token", "ListExperienceReports with a page_token the server never issued");
    await expectInvalidField(t, list({ deviceId: "a b" }), "device_id", "ListExperienceReports with a malformed device_id");
    await expectInvalidField(t, list({ applicationId: "a b" }), "application_id", "ListExperienceReports with a malformed application_id");
  });

/** The reports docs/device.md requires an endpoint to keep per enrolled device, at least. */
const KEPT_REPORTS = 1000;
/** The most steps of a journey: the suite issues the transactions to fill a device's reports sixteen per call. */
const STEPS_PER_JOURNEY = 16;

check("An enrolled device keeps at least the latest 1000 experience reports, and unenrolling it takes them with it [device] [experience] [limits]",
  { covers: ["DEV-EXP-4"], timeoutMs: 30_000 }, async (t) => {
    const { deviceId } = await enrolDevice(t, "kept-reports");
    const steps = Array.from({ length: STEPS_PER_JOURNEY }, (_, i) => ({ transactionName: `fill-${i}`, payload: payloadOf(8, i) }));
    const journeys = Math.ceil((KEPT_REPORTS + 1) / STEPS_PER_JOURNEY);
    const issued: string[] = [];
    for (let run = 0; run < journeys; run++) {
      const answer = await t.expectCode(t.tenantA.transactions.runJourney(device.RunJourneyRequest.fromPartial({ deviceId, journey: { name: "fill", steps } })),
        Code.OK, `RunJourney #${run + 1} of ${journeys} filling the device's reports`);
      issued.push(...answer.reports.map((r) => r.reportId));
    }
    const listed = new Set((await reportsOfDevice(t, deviceId)).map((r) => r.reportId));
    const latest = issued.slice(-KEPT_REPORTS);
    const missing = latest.filter((id) => !listed.has(id));
    t.ensure(missing.length === 0, `ListExperienceReports of device ${deviceId} after ${issued.length} transactions lists ${listed.size} reports and misses `
      + `${missing.length} of the latest ${KEPT_REPORTS} (first: ${missing[0]}); the standard keeps at least the latest ${KEPT_REPORTS} of every enrolled device`);
    await t.expectCode(t.tenantA.devices.unenrollDevice({ deviceId }), Code.OK, `UnenrollDevice ${deviceId}`);
    const after = await walkPages(t, `ListExperienceReports of unenrolled device ${deviceId}`, reportsOf(t.tenantA, { deviceId }));
    t.equal(after.length, 0, `ListExperienceReports of device ${deviceId} after UnenrollDevice: the reports of an unenrolled device go with it; the reports it served`);
  });
