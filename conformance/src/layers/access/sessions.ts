import { core, rpc } from "@strata/sdk/contracts";
import { access } from "@strata/sdk/access";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { uniqueApplicationId, uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./access-checks.js";
import { openSession, registerEntryPoint, sessionRequest, trackOpened } from "./support/access-resources.js";
import { forwardCall } from "./support/forward-call.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { SESSION_STATE_OPEN, SESSION_STATE_CLOSED } = access.SessionState;

check("A closed session refuses Forward with FAILED_PRECONDITION; CloseSession is idempotent and keeps the session's counters [access] [sessions]",
  { covers: ["ACC-SESS-1"] }, async (t) => {
    const session = await openSession(t, "closing", { deviceId: "device-7", labels: { team: "conformance" } });
    const sessionId = session.sessionId;
    t.equal({ state: session.state, deviceId: session.deviceId, labels: session.labels, closed: session.closeTimeUnixNano },
      { state: SESSION_STATE_OPEN, deviceId: "device-7", labels: { team: "conformance" }, closed: 0n }, "OpenSession must answer the session open, as asked");
    const payload = Buffer.from("before closing");
    await forwardCall(t, { sessionId, payload, label: "Forward on the open session" });
    const { session: closed } = await t.expectCode(t.tenantA.sessions.closeSession({ sessionId }), Code.OK, "CloseSession");
    t.equal(closed?.state, SESSION_STATE_CLOSED, "CloseSession must answer the session closed");
    t.ensure((closed?.closeTimeUnixNano ?? 0n) > 0n, "CloseSession answered close_time_unix_nano 0; a closed session carries when it was closed");
    await t.expectCode(t.tenantA.forward.forward({ sessionId, payload }), Code.FAILED_PRECONDITION, "Forward on a closed session", Reason.ERROR_REASON_RESOURCE_BUSY);
    const again = await t.expectCode(t.tenantA.sessions.closeSession({ sessionId }), Code.OK, "CloseSession repeated");
    t.equal(again.session?.closeTimeUnixNano, closed?.closeTimeUnixNano, "CloseSession repeated must change nothing (close_time_unix_nano)");
    const { session: read } = await t.expectCode(t.tenantA.sessions.getSession({ sessionId }), Code.OK, "GetSession of the closed session");
    t.equal({ requests: read?.requestCount, bytes: read?.payloadBytes }, { requests: 1n, bytes: BigInt(2 * payload.length) },
      "GetSession of a closed session must keep its counters: the one request forwarded, its payload both ways");
    const listed = await walkPages(t, "ListSessions of closed sessions on the entry point", async (page) => {
      const answer = await t.tenantA.sessions.listSessions({ page, entryPointId: session.entryPointId, state: SESSION_STATE_CLOSED });
      return { items: answer.sessions, page: answer.page };
    });
    t.equal(listed.map((s) => s.sessionId), [sessionId], "ListSessions filtered by entry point and SESSION_STATE_CLOSED must list exactly the closed session");
    const open = await t.tenantA.sessions.listSessions({ page: { pageSize: 0, pageToken: "" }, entryPointId: session.entryPointId, state: SESSION_STATE_OPEN });
    t.equal(open.sessions.map((s) => s.sessionId), [], "ListSessions filtered by SESSION_STATE_OPEN must leave the closed session out");
  });

check("SessionService answers each error of its table: INVALID_ARGUMENT naming the field, PERMISSION_DENIED, NOT_FOUND, ALREADY_EXISTS [access] [sessions] [errors]",
  { covers: ["ACC-SESS-2", "ACC-SESS-3", "ACC-SESS-4", "CORE-ERR-7", "CORE-IDEM-2"] }, async (t) => {
    const entryPoint = await registerEntryPoint(t, "session-errors");
    const { entryPointId } = entryPoint;
    const request = (fields: Partial<access.OpenSessionRequest>) => ({ ...sessionRequest(t, "session-errors", entryPointId), ...fields });
    const rows: [string, string, access.OpenSessionRequest][] = [
      ["name", "without name", request({ name: "" })],
      ["workload.application_id", "without workload.application_id", request({ workload: { tenantId: "", applicationId: "", component: "" } })],
      ["entry_point_id", "without entry_point_id", request({ entryPointId: "" })],
      ["device_id", "without device_id", request({ deviceId: "" })],
      ["user_id", "with a malformed user_id", request({ userId: "no spaces allowed" })],
      ["workload.application_id", "with an application other than the entry point's",
        request({ workload: { tenantId: "", applicationId: uniqueApplicationId(t, "other"), component: "" } })],
    ];
    // Tracked: a session wrongly opened is deleted before its entry point.
    for (const [field, what, body] of rows) await expectInvalidField(t, trackOpened(t, t.tenantA.sessions.openSession(body)), field, `OpenSession ${what}`);
    const tenantB = await resolveTenantId(t, "tenantB");
    await t.expectCode(t.tenantA.sessions.openSession(request({ workload: { tenantId: tenantB, applicationId: t.config.applicationId, component: "" } })),
      Code.PERMISSION_DENIED, "OpenSession by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
    await t.expectCode(t.tenantA.sessions.openSession(request({ entryPointId: uniqueName("ep-unknown") })), Code.NOT_FOUND,
      "OpenSession on an entry point that does not exist", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const ofB = await registerEntryPoint(t, "session-errors-b", { as: t.tenantB });
    await t.expectCode(t.tenantA.sessions.openSession(request({ entryPointId: ofB.entryPointId })), Code.NOT_FOUND,
      "OpenSession by tenant A on tenant B's entry point", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const session = await openSession(t, "session-conflict", { entryPointId });
    const other = await registerEntryPoint(t, "session-errors-other");
    await t.expectCode(t.tenantA.sessions.openSession(sessionRequest(t, "", other.entryPointId, { name: session.name })), Code.ALREADY_EXISTS,
      "OpenSession reusing a name with another entry_point_id", Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
    // Each call made only when its row is judged: a call made ahead would reject unhandled while an earlier row waits.
    for (const [rpcName, call] of [
      ["CloseSession", () => t.tenantA.sessions.closeSession({ sessionId: "" })],
      ["DeleteSession", () => t.tenantA.sessions.deleteSession({ sessionId: "" })],
      ["GetSession", () => t.tenantA.sessions.getSession({ sessionId: "" })],
    ] as const) await expectInvalidField(t, call(), "session_id", `${rpcName} without session_id`);
    await t.expectCode(t.tenantA.sessions.closeSession({ sessionId: uniqueName("sess-unknown") }), Code.NOT_FOUND,
      "CloseSession of a session that does not exist", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await t.expectCode(t.tenantA.sessions.getSession({ sessionId: uniqueName("sess-unknown") }), Code.NOT_FOUND,
      "GetSession of a session that does not exist", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await expectInvalidField(t, t.tenantA.sessions.listSessions({ page: { pageSize: 0, pageToken: "" }, entryPointId: "bad id!", state: 0 }),
      "entry_point_id", "ListSessions with a malformed entry_point_id");
    await expectInvalidField(t, t.tenantA.sessions.listSessions({ page: { pageSize: 0, pageToken: "" }, entryPointId: "", state: 7 as access.SessionState }),
      "state", "ListSessions with state 7, no SessionState");
  });
