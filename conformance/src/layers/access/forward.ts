import { core, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./access-checks.js";
import { openSession, registerEntryPoint } from "./support/access-resources.js";
import { forwardCall } from "./support/forward-call.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
/** The echo delay the check asks for, ms: long enough that an entry point time that leaves it out shows. */
const ECHO_DELAY_MS = 20;
/** Slack for the two clocks when an answer says a part of a call took longer than the whole call did, ms. */
const CLOCK_EPSILON_MS = 1;

check("Forward answers the echo's payload byte for byte, no sooner than the echo's delay, with entry_point_ns the time the echo took [access] [forward]",
  { covers: ["ACC-EP-1", "ACC-FWD-1", "ACC-FWD-3", "ACC-SVC-1"] }, async (t) => {
    const entryPoint = await registerEntryPoint(t, "echo-slow", { echo: { delayNs: BigInt(ECHO_DELAY_MS) * 1_000_000n } });
    const session = await openSession(t, "echo", { entryPointId: entryPoint.entryPointId });
    const payloads = [Buffer.from("GET / HTTP/1.1"), Buffer.alloc(0), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff))];
    for (const [index, payload] of payloads.entries()) {
      const call = await forwardCall(t, { sessionId: session.sessionId, payload, label: `request #${index + 1}` });
      const answer = call.response!;
      t.ensure(answer.payload.equals(payload), `${call.what} was answered with ${answer.payload.length} bytes that are not the request's; `
        + "an echo entry point answers the payload byte for byte");
      const entryMs = Number(answer.entryPointNs) / 1e6;
      t.ensure(call.observedMs >= ECHO_DELAY_MS, `${call.what} was answered in ${call.observedMs.toFixed(2)} ms; an echo with delay_ns of `
        + `${ECHO_DELAY_MS} ms cannot answer sooner`);
      t.ensure(entryMs >= ECHO_DELAY_MS && entryMs <= call.observedMs + CLOCK_EPSILON_MS, `${call.what} answered entry_point_ns of ${entryMs.toFixed(2)} ms; `
        + `the echo took at least its ${ECHO_DELAY_MS} ms and the caller waited ${call.observedMs.toFixed(2)} ms: the standard requires the time the entry point really took`);
      t.ensure(Number(answer.shapingDelayNs) / 1e6 <= call.observedMs + CLOCK_EPSILON_MS, `${call.what} answered shaping_delay_ns of `
        + `${Number(answer.shapingDelayNs) / 1e6} ms, more than the whole call took`);
    }
  });

check("ForwardService answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND, UNAVAILABLE for an entry point that fails [access] [forward] [errors]",
  { covers: ["CORE-ERR-7", "CORE-LIM-2"] }, async (t) => {
    const session = await openSession(t, "forward-errors");
    await expectInvalidField(t, t.tenantA.forward.forward({ sessionId: "", payload: Buffer.from("x") }), "session_id", "Forward without session_id");
    const max = Number(t.limits.maxIoBytes);
    await expectInvalidField(t, t.tenantA.forward.forward({ sessionId: session.sessionId, payload: Buffer.alloc(max + 1) }), "payload",
      `Forward of ${max + 1} bytes, above Limits.max_io_bytes`);
    await t.expectCode(t.tenantA.forward.forward({ sessionId: uniqueName("sess-unknown"), payload: Buffer.from("x") }), Code.NOT_FOUND,
      "Forward on a session that does not exist", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const down = await registerEntryPoint(t, "echo-down", { echo: { down: true } });
    const onDown = await openSession(t, "down", { entryPointId: down.entryPointId });
    await forwardCall(t, { sessionId: onDown.sessionId, payload: Buffer.from("anyone there?"), label: "Forward to an echo that is down", code: Code.UNAVAILABLE });
    const { session: read } = await t.expectCode(t.tenantA.sessions.getSession({ sessionId: onDown.sessionId }), Code.OK, "GetSession after the failed Forward");
    t.equal(read?.requestCount, 0n, "GetSession counts only requests answered OK; the Forward to an echo that is down failed");
  });
