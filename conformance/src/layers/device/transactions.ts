import { createHash } from "node:crypto";
import { core, rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./device-checks.js";
import { enrolDevice, payloadOf } from "./support/device-enrolment.js";
import { transactCall } from "./support/transact-call.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
/** Slack for the suite's timer when it holds an answer against the echo delay asked for, ms. */
const TIMER_SLACK_MS = 1;

check("Transact on the echo route answers the payload unchanged, not before echo.delay_ns, and fails UNAVAILABLE with echo.fail [device] [transactions]",
  { covers: ["DEV-ECHO-1", "DEV-ECHO-2", "DEV-TX-1"] }, async (t) => {
    const enrolled = await enrolDevice(t, "echo");
    if (enrolled.route !== device.TransactionRoute.TRANSACTION_ROUTE_ECHO) {
      t.skip(`the endpoint routes its devices ${device.transactionRouteToJSON(enrolled.route)}; the echo application's rules apply to the echo route`);
    }
    const { deviceId } = enrolled;
    const max = Number(t.limits.maxIoBytes);
    const cases: Array<[string, Buffer, number]> = [
      ["an empty payload", Buffer.alloc(0), 0],
      ["1000 bytes", payloadOf(1000, 1), 0],
      [`Limits.max_io_bytes (${max} bytes)`, payloadOf(max, 2), 0],
      ["100 bytes delayed 30 ms", payloadOf(100, 3), 30_000_000],
    ];
    for (const [index, [what, payload, delayNs]] of cases.entries()) {
      const call = await transactCall(t, { deviceId, payload, delayNs, label: `transaction #${index + 1} of ${what}` });
      const answer = call.response!;
      t.ensure(answer.payload.equals(payload), `${call.what} was answered ${answer.payload.length} bytes that are not the payload sent; `
        + "the echo application answers the payload unchanged");
      const report = answer.report ?? t.fail(`${call.what} answered OK without its experience report; Transact answers with it`);
      const digest = createHash("sha256").update(payload).digest();
      t.ensure(report.responseSha256.equals(digest), `${call.what}: the report's response_sha256 is "${report.responseSha256.toString("hex")}"; `
        + `the SHA-256 of the answer is "${digest.toString("hex")}"`);
      t.equal([report.sentBytes, report.receivedBytes, report.route], [BigInt(payload.length), BigInt(payload.length), device.TransactionRoute.TRANSACTION_ROUTE_ECHO],
        `${call.what}: the report's sent_bytes, received_bytes and route`);
      const delayMs = delayNs / 1e6;
      t.ensure(call.observedMs + TIMER_SLACK_MS >= delayMs, `${call.what} was answered after ${call.observedMs.toFixed(2)} ms; `
        + `the echo application answers no sooner than echo.delay_ns (${delayMs} ms)`);
      t.ensure(Number(report.latencyNs) / 1e6 + TIMER_SLACK_MS >= delayMs, `${call.what}: the report's latency_ns is ${report.latencyNs}; `
        + `its user waited at least the ${delayMs} ms the echo application took`);
    }
    const failed = await transactCall(t, { deviceId, payload: payloadOf(10, 4), delayNs: 20_000_000, fail: true, code: Code.UNAVAILABLE, label: "a transaction the echo application fails" });
    t.ensure(failed.observedMs + TIMER_SLACK_MS >= 20, `${failed.what} failed after ${failed.observedMs.toFixed(2)} ms; `
      + "the echo application fails it once echo.delay_ns (20 ms) has passed");
  });

check("Transact answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND [device] [transactions] [errors]",
  { covers: ["DEV-TX-1"] }, async (t) => {
    const { deviceId } = await enrolDevice(t, "transact-errors");
    const max = Number(t.limits.maxIoBytes);
    const request = (fields: Partial<device.TransactRequest>) => device.TransactRequest.fromPartial({
      deviceId, transactionName: "checkout", payload: Buffer.from("cart"), ...fields,
    });
    const rows: Array<[string, string, device.TransactRequest]> = [
      ["device_id", "without device_id", request({ deviceId: "" })],
      ["transaction_name", "without transaction_name", request({ transactionName: "" })],
      ["transaction_name", "with a transaction_name holding a space", request({ transactionName: "check out" })],
      ["payload", `of ${max + 1} bytes, above Limits.max_io_bytes`, request({ payload: Buffer.alloc(max + 1) })],
      ["echo.delay_ns", "with echo.delay_ns 1000000001, above one second", request({ echo: { delayNs: 1_000_000_001n, fail: false } })],
    ];
    for (const [field, situation, sent] of rows) await expectInvalidField(t, t.tenantA.transactions.transact(sent), field, `Transact ${situation}`);
    await t.expectCode(t.tenantA.transactions.transact(request({ deviceId: uniqueName("unknown") })), Code.NOT_FOUND, "Transact from an unknown device",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });
