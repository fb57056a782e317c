import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { visibleSession, type AccessKit } from "./access-kit.js";
import { SessionServiceService, SessionState, type OpenSessionRequest, type Session } from "./contracts.js";
import { differingLabels } from "./labels.js";

/** The states ListSessions filters by; SESSION_STATE_UNSPECIFIED lists any. */
const KNOWN_STATES = new Set<number>([SessionState.SESSION_STATE_UNSPECIFIED, SessionState.SESSION_STATE_OPEN, SessionState.SESSION_STATE_CLOSED]);

/** strata.access.v1.SessionService over an AccessKit. */
export function createSessionService(kit: AccessKit) {
  return defineService(SessionServiceService, {
    openSession: (request, ctx) => kit.exclusive(async () => ({ session: kit.catalog.current(openSession(kit, request, ctx)) })),

    closeSession: (request, ctx) => kit.exclusive(async () => {
      validate().id("session_id", request.sessionId).throwIfAny();
      const session = visibleSession(kit, ctx.principal, request.sessionId);
      close(kit, session);
      return { session: kit.catalog.current(session) };
    }),

    deleteSession: (request, ctx) => kit.exclusive(async () => {
      validate().id("session_id", request.sessionId).throwIfAny();
      const session = kit.catalog.sessions.get(request.sessionId);
      // Absent and foreign sessions answer OK alike: delete is idempotent and leaks nothing.
      if (!session || !canAccessTenant(ctx.principal, session.workload!.tenantId)) return {};
      close(kit, session);
      kit.catalog.removeSession(session);
      kit.topology.removeSession(session);
      kit.telemetry.endResource(session.sessionId);
      return {};
    }),

    getSession(request, ctx) {
      validate().id("session_id", request.sessionId).throwIfAny();
      return { session: kit.catalog.current(visibleSession(kit, ctx.principal, request.sessionId)) };
    },

    listSessions(request, ctx) {
      const checks = validate().id("entry_point_id", request.entryPointId, false);
      if (!KNOWN_STATES.has(request.state)) checks.add("state", "must be SESSION_STATE_OPEN, SESSION_STATE_CLOSED or unspecified (any state)");
      checks.throwIfAny();
      const all = [...kit.catalog.sessions.values()].filter((s) => canAccessTenant(ctx.principal, s.workload!.tenantId)
        && (request.entryPointId === "" || s.entryPointId === request.entryPointId)
        && (request.state === SessionState.SESSION_STATE_UNSPECIFIED || s.state === request.state));
      const { items, page } = paginate(all, (s) => s.sessionId, request.page, {
        maxPageSize: kit.maxPageSize, filters: `${request.entryPointId}\u0000${request.state}`, context: ctx,
      });
      return { sessions: items.map((s) => kit.catalog.current(s)), page };
    },
  });
}

/** Closes a session for good; later Forwards answer FAILED_PRECONDITION. */
function close(kit: AccessKit, session: Session): void {
  if (session.state === SessionState.SESSION_STATE_CLOSED) return;
  session.state = SessionState.SESSION_STATE_CLOSED;
  session.closeTimeUnixNano = BigInt(Date.now()) * 1_000_000n;
  kit.topology.updateSession(session);
}

/** Checks in the general error order, then answers the existing session of the name or opens a new one. */
function openSession(kit: AccessKit, request: OpenSessionRequest, ctx: CallContext): Session {
  const workload = request.workload;
  const checks = validate()
    .id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false)
    .id("entry_point_id", request.entryPointId)
    .id("device_id", request.deviceId)
    .id("user_id", request.userId, false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  checks.throwIfAny();
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);
  const entryPoint = kit.catalog.entryPoints.get(request.entryPointId);
  if (!entryPoint || entryPoint.workload!.tenantId !== tenantId) throw StrataError.notFound("entry point", request.entryPointId);
  if (entryPoint.workload!.applicationId !== workload!.applicationId) {
    throw StrataError.invalidArgument("workload.application_id", `must be the application of entry point "${entryPoint.entryPointId}"`);
  }
  const existing = kit.catalog.sessionByName(tenantId, request.name);
  if (existing) {
    const differing = differences(existing, request);
    if (differing.length > 0) throw StrataError.conflictingParameters("session", request.name, differing);
    return existing;
  }
  if (kit.maxResourcesPerTenant > 0 && kit.catalog.heldBy(tenantId, "sessions") >= kit.maxResourcesPerTenant) {
    throw StrataError.capacityExhausted(`tenant "${tenantId}" sessions (Limits.max_resources_per_tenant ${kit.maxResourcesPerTenant})`);
  }
  const session: Session = {
    sessionId: newId("sess"),
    name: request.name,
    workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
    entryPointId: entryPoint.entryPointId,
    deviceId: request.deviceId,
    userId: request.userId,
    state: SessionState.SESSION_STATE_OPEN,
    openTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
    closeTimeUnixNano: 0n,
    labels: { ...request.labels },
    requestCount: 0n,
    payloadBytes: 0n,
  };
  kit.catalog.putSession(session);
  kit.topology.addSession(session);
  return session;
}

/** The parameters of a repeated open that differ from the existing session, by field name. */
function differences(existing: Session, request: OpenSessionRequest): string[] {
  const out: string[] = [];
  if (existing.workload!.applicationId !== request.workload!.applicationId) out.push("workload.application_id");
  if (existing.entryPointId !== request.entryPointId) out.push("entry_point_id");
  if (existing.deviceId !== request.deviceId) out.push("device_id");
  if (existing.userId !== request.userId) out.push("user_id");
  if (differingLabels(existing.labels, request.labels)) out.push("labels");
  return out;
}
