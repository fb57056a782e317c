import { setTimeout as sleep } from "node:timers/promises";
import { access } from "@strata/sdk/access";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { SwapContext, SwapStep } from "../../../swap/swap-context.js";
import { filledFields, violatedFields, yesNo } from "../../../swap/swap-values.js";
import type { AccessServices } from "../access-checks.js";

const { SESSION_STATE_OPEN, SESSION_STATE_CLOSED } = access.SessionState;

/** An echo entry point of tenant A, deregistered after the proof has read telemetry and topology. */
async function entryPointFor(s: SwapContext<AccessServices>, stem: string, label: string, echo: Partial<access.EchoTarget> = {}): Promise<access.EntryPoint | undefined> {
  const request = access.RegisterEntryPointRequest.fromPartial({
    name: uniqueName(`swap-${stem}`), workload: { applicationId: s.config.applicationId }, echo: { delayNs: 0n, down: false, ...echo }, labels: { swap: "proof" },
  });
  const entryPoint = (await s.call(label, s.tenantA.entryPoints.registerEntryPoint(request)))?.entryPoint;
  if (entryPoint) s.track(() => s.tenantA.entryPoints.deregisterEntryPoint({ entryPointId: entryPoint.entryPointId }), `DeregisterEntryPoint ${entryPoint.entryPointId}`);
  return entryPoint;
}

/** A session of tenant A on an entry point, deleted (before its entry point) after the proof has read telemetry and topology. */
async function sessionOn(s: SwapContext<AccessServices>, entryPointId: string, label: string): Promise<access.Session | undefined> {
  const request = access.OpenSessionRequest.fromPartial({
    name: uniqueName("swap-session"), workload: { applicationId: s.config.applicationId }, entryPointId, deviceId: "swap-device", labels: { swap: "proof" },
  });
  const session = (await s.call(label, s.tenantA.sessions.openSession(request)))?.session;
  if (session) s.track(() => s.tenantA.sessions.deleteSession({ sessionId: session.sessionId }), `DeleteSession ${session.sessionId}`);
  return session;
}

/**
 * The access swap scenario: register echo entry points, open, forward,
 * close and list sessions, through `s.call(label, …)`, so that status codes,
 * metrics, records and topology of both vendors line up. Shaping stays out:
 * it is optional (FEATURE_ACCESS_SHAPING), and vendors may rightly differ
 * there. Measured times are compared by their presence only.
 */
export const accessSwapSteps: readonly SwapStep<AccessServices>[] = [
  async function entryPoints(s) {
    const entryPoint = await entryPointFor(s, "entry", "EntryPointService.RegisterEntryPoint");
    if (!entryPoint) return;
    s.record("RegisterEntryPoint response fills", filledFields(entryPoint));
    await s.call("EntryPointService.GetEntryPoint", s.tenantA.entryPoints.getEntryPoint({ entryPointId: entryPoint.entryPointId }));
    await s.call("EntryPointService.ListEntryPoints", s.tenantA.entryPoints.listEntryPoints(access.ListEntryPointsRequest.fromPartial({})));
    s.record("RegisterEntryPoint without a target: BadRequest fields", await violatedFields(s.tenantA.entryPoints.registerEntryPoint(
      access.RegisterEntryPointRequest.fromPartial({ name: uniqueName("swap-invalid"), workload: { applicationId: s.config.applicationId } }))));
    await s.call("EntryPointService.GetEntryPoint as tenant B of tenant A's entry point", s.tenantB.entryPoints.getEntryPoint({ entryPointId: entryPoint.entryPointId }));
  },

  async function forwarding(s) {
    const entryPoint = await entryPointFor(s, "forward", "EntryPointService.RegisterEntryPoint to forward to");
    if (!entryPoint) return;
    const session = await sessionOn(s, entryPoint.entryPointId, "SessionService.OpenSession");
    if (!session) return;
    const sessionId = session.sessionId;
    s.record("OpenSession response fills", filledFields(session, ["requestCount", "payloadBytes", "closeTimeUnixNano"]));
    s.record("OpenSession: the session is open", yesNo(session.state === SESSION_STATE_OPEN));
    const payload = Buffer.from("GET /index.html");
    const answer = await s.call("ForwardService.Forward", s.tenantA.forward.forward({ sessionId, payload }));
    s.record("Forward: the echo's answer byte for byte", yesNo(answer?.payload.equals(payload) === true));
    await s.call("ForwardService.Forward of an empty payload", s.tenantA.forward.forward({ sessionId, payload: Buffer.alloc(0) }));
    const read = await s.call("SessionService.GetSession", s.tenantA.sessions.getSession({ sessionId }));
    s.record("GetSession counts the requests forwarded", String(read?.session?.requestCount ?? "nothing"));
    s.record("Forward without session_id: BadRequest fields", await violatedFields(s.tenantA.forward.forward({ sessionId: "", payload })));
    await s.call("ForwardService.Forward of an unknown session", s.tenantA.forward.forward({ sessionId: uniqueName("unknown"), payload }));
    await s.call("ForwardService.Forward as tenant B on tenant A's session", s.tenantB.forward.forward({ sessionId, payload }));
    const down = await entryPointFor(s, "down", "EntryPointService.RegisterEntryPoint of an echo that is down", { down: true });
    const onDown = down && await sessionOn(s, down.entryPointId, "SessionService.OpenSession on it");
    if (onDown) await s.call("ForwardService.Forward to an echo that is down", s.tenantA.forward.forward({ sessionId: onDown.sessionId, payload }));
  },

  async function lifecycle(s) {
    const entryPoint = await entryPointFor(s, "lifecycle", "EntryPointService.RegisterEntryPoint to close a session on");
    if (!entryPoint) return;
    const session = await sessionOn(s, entryPoint.entryPointId, "SessionService.OpenSession to close");
    if (!session) return;
    const sessionId = session.sessionId;
    const closed = await s.call("SessionService.CloseSession", s.tenantA.sessions.closeSession({ sessionId }));
    s.record("CloseSession: the session is closed", yesNo(closed?.session?.state === SESSION_STATE_CLOSED));
    await s.call("SessionService.CloseSession repeated", s.tenantA.sessions.closeSession({ sessionId }));
    await s.call("ForwardService.Forward on a closed session", s.tenantA.forward.forward({ sessionId, payload: Buffer.from("late") }));
    const listed = await s.call("SessionService.ListSessions of closed sessions on the entry point", s.tenantA.sessions.listSessions(
      access.ListSessionsRequest.fromPartial({ entryPointId: entryPoint.entryPointId, state: SESSION_STATE_CLOSED })));
    s.record("ListSessions of closed sessions lists", String(listed?.sessions.length ?? "nothing"));
    await s.call("EntryPointService.DeregisterEntryPoint with a session", s.tenantA.entryPoints.deregisterEntryPoint({ entryPointId: entryPoint.entryPointId }));
    await s.call("SessionService.CloseSession of an unknown session", s.tenantA.sessions.closeSession({ sessionId: uniqueName("unknown") }));
  },

  async function samplesClosed(s) {
    // The traffic above shows in samples once its sample interval closes: wait one, within the step's deadline.
    const intervalMs = Number(s.limits.sampleIntervalNs / 1_000_000n);
    await sleep(Math.min(intervalMs, Math.max(0, s.config.timeoutMs - 1000)));
  },
];
