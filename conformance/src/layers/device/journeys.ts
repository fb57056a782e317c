import { createHash } from "node:crypto";
import { core, rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import { callMetadata } from "../../helpers/call-metadata.js";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { hex } from "../../helpers/telemetry-reader.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./device-checks.js";
import { enrolDevice, payloadOf } from "./support/device-enrolment.js";
import { reportsOfDevice } from "./support/list-pages.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { TRANSACTION_ORIGIN_JOURNEY } = device.TransactionOrigin;

/** What a journey's report must say of its step, whatever the clock. */
const stepOf = (r: device.ExperienceReport) =>
  [r.journeyName, r.journeyStep, r.transactionName, r.origin, r.statusCode, Number(r.sentBytes), r.responseSha256.toString("hex")];

check("RunJourney runs its steps in order, each once the one before answered, stops after the first failed step, and is repeatable [device] [journeys]",
  { covers: ["DEV-JRN-1", "DEV-JRN-2", "DEV-JRN-3", "DEV-EXP-1"] }, async (t) => {
    const { deviceId } = await enrolDevice(t, "journey");
    const steps = [
      { transactionName: "login", payload: payloadOf(64, 1), echo: { delayNs: 10_000_000n, fail: false } },
      { transactionName: "search", payload: payloadOf(512, 2), echo: { delayNs: 0n, fail: false } },
      { transactionName: "checkout", payload: payloadOf(128, 3), echo: { delayNs: 5_000_000n, fail: false } },
    ];
    const run = async (journey: device.Journey, what: string, metadata: Record<string, string> = {}) =>
      t.expectCode(t.tenantA.transactions.runJourney(device.RunJourneyRequest.fromPartial({ deviceId, journey }), { metadata }), Code.OK, what);
    const { trace, metadata } = callMetadata(t, {});
    const first = await run({ name: "shop", steps }, "RunJourney shop", metadata);
    const expected = steps.map((s, i) => ["shop", i + 1, s.transactionName, TRANSACTION_ORIGIN_JOURNEY, Code.OK, s.payload.length,
      createHash("sha256").update(s.payload).digest("hex")]);
    t.equal(first.reports.map(stepOf), expected, "RunJourney shop: its reports (journey, step, transaction, origin, status, sent bytes, answer digest)");
    t.ensure(first.completed, "RunJourney shop answered completed false though every step answered OK");
    const spans = first.reports.map((r) => hex(r.spanId));
    t.equal(first.reports.map((r) => hex(r.traceId)), steps.map(() => trace.traceId),
      "RunJourney shop: the trace ids of its reports; every step is part of the trace of the RunJourney call's traceparent");
    t.ensure(new Set(spans).size === spans.length && !spans.includes(trace.spanId) && spans.every((s) => s.length === 16),
      `RunJourney shop: its reports' span ids are ${spans.join(", ")}; every step has a span of its own, a child of the caller's ${trace.spanId}`);
    first.reports.slice(1).forEach((r, i) => {
      const before = first.reports[i]!;
      t.ensure(r.startTimeUnixNano >= before.startTimeUnixNano + before.latencyNs, `step ${i + 2} of journey shop started at ${r.startTimeUnixNano}, before `
        + `step ${i + 1} was answered (${before.startTimeUnixNano} + ${before.latencyNs} ns); the standard issues each step once the one before answered`);
    });

    const broken = [steps[0]!, { ...steps[1]!, echo: { delayNs: 0n, fail: true } }, steps[2]!];
    const stopped = await run({ name: "shop", steps: broken }, "RunJourney shop with a failing second step");
    t.equal(stopped.reports.map((r) => [r.journeyStep, r.statusCode]), [[1, Code.OK], [2, Code.UNAVAILABLE]],
      "RunJourney with a failing second step: the steps run and their status; the standard stops the journey after its first failed step");
    t.ensure(!stopped.completed, "RunJourney with a failing second step answered completed true");

    const again = await run({ name: "shop", steps }, "RunJourney shop again");
    t.equal(again.reports.map(stepOf), first.reports.map(stepOf), "RunJourney shop run again must issue the same transactions with the same answers");
    const listed = (await reportsOfDevice(t, deviceId)).filter((r) => r.origin === TRANSACTION_ORIGIN_JOURNEY);
    t.equal(listed.length, 8, "the journey reports ListExperienceReports lists after 3 + 2 + 3 steps run");
  });

check("RunJourney answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND [device] [journeys] [errors]",
  { covers: ["DEV-JRN-4"] }, async (t) => {
    const { deviceId } = await enrolDevice(t, "journey-errors");
    const max = Number(t.limits.maxIoBytes);
    const step = { transactionName: "login", payload: Buffer.from("me"), echo: undefined };
    const request = (journey: Partial<device.Journey> | undefined, id = deviceId) =>
      device.RunJourneyRequest.fromPartial({ deviceId: id, ...(journey ? { journey } : {}) });
    const rows: Array<[string, string, device.RunJourneyRequest]> = [
      ["device_id", "without device_id", request({ name: "j", steps: [step] }, "")],
      ["journey.name", "without journey", request(undefined)],
      ["journey.name", "with a journey name holding a space", request({ name: "my journey", steps: [step] })],
      ["journey.steps", "without steps", request({ name: "j", steps: [] })],
      ["journey.steps", "with 17 steps", request({ name: "j", steps: Array.from({ length: 17 }, () => step) })],
      ["journey.steps[1].transaction_name", "whose second step has no transaction_name", request({ name: "j", steps: [step, { ...step, transactionName: "" }] })],
      ["journey.steps[0].echo.delay_ns", "whose first step has echo.delay_ns above one second",
        request({ name: "j", steps: [{ ...step, echo: { delayNs: 1_000_000_001n, fail: false } }] })],
      ["journey.steps", `whose payloads add up to ${max + 2} bytes, above Limits.max_io_bytes`,
        request({ name: "j", steps: [{ ...step, payload: Buffer.alloc(max / 2 + 1) }, { ...step, payload: Buffer.alloc(max / 2 + 1) }] })],
    ];
    for (const [field, situation, sent] of rows) await expectInvalidField(t, t.tenantA.transactions.runJourney(sent), field, `RunJourney ${situation}`);
    await t.expectCode(t.tenantA.transactions.runJourney(request({ name: "j", steps: [step] }, uniqueName("unknown"))), Code.NOT_FOUND,
      "RunJourney from an unknown device", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const reports = await reportsOfDevice(t, deviceId);
    t.equal(reports.length, 0, "ListExperienceReports after refused RunJourneys only: a refused call issues nothing, so the reports listed");
  });
