import { core, rpc } from "@strata/sdk/contracts";
import { access } from "@strata/sdk/access";
import type { DrivenResource, TrafficDriver } from "../../../registry/traffic-driver.js";
import type { AccessContext, AccessServices } from "../access-checks.js";
import { openSessionFrom, registerEntryPoint, sessionRequest, setShaping, trackOpened } from "../support/access-resources.js";
import { forwardCall, payloadOf } from "../support/forward-call.js";

/** The rate of the shaping policy the driver slows a tenant's requests down with: calls sent at once queue 10 ms apart. */
const SLOW_RATE = 100;
/**
 * The echo delay of the driver's entry points on an endpoint that cannot
 * shape, ns: the application's own service time, so that a record's
 * duration stands out from the suite's own scheduling noise even where no
 * request ever waits on the server.
 */
const UNSHAPED_ECHO_DELAY_NS = 10_000_000n;
/** The labels of every session the driver opens, so that a conflicting open can change them. */
const LABELS = { conformance: "driver" };
/** The device of every session the driver opens. */
const DEVICE = "conformance-device";

/** The entry point the driver registered for each session it opened, by session id: deleting the session removes it too. */
const ownEntryPoints = new Map<string, string>();

/** A session as the common checks see it. */
export function drivenSession(session: access.Session): DrivenResource<access.Session> {
  return {
    id: session.sessionId,
    name: session.name,
    tenantId: session.workload?.tenantId ?? "",
    applicationId: session.workload?.applicationId ?? "",
    node: { kind: "access.session", displayName: session.name, attributes: { device_id: session.deviceId, state: "SESSION_STATE_OPEN" } },
    recordAttributes: { entry_point_id: session.entryPointId, device_id: session.deviceId },
    value: session,
  };
}

/**
 * Access traffic: sessions on an echo entry point of their own (named after
 * the session, so that an open repeated with the same name finds the same
 * entry point, and deregistered with it; an echo of 10 ms where the endpoint
 * cannot shape, at once otherwise); Forwards of 64 to 163 bytes (shaped
 * once slowed down); when a call must fail, a payload above
 * Limits.max_io_bytes (INVALID_ARGUMENT).
 */
export const accessDriver: TrafficDriver<AccessServices, access.Session> = {
  resourceKind: "session",
  operations: ["forward"],
  rpcs: { create: "SessionService.OpenSession", delete: "SessionService.DeleteSession" },

  async create(t, options = {}) {
    const { as, applicationId, name, stem } = options;
    const request = sessionRequest(t, stem ?? "resource", "", { as, applicationId, name, deviceId: DEVICE, labels: LABELS });
    const echo = { delayNs: t.has(core.Feature.FEATURE_ACCESS_SHAPING) ? 0n : UNSHAPED_ECHO_DELAY_NS };
    const entryPoint = await registerEntryPoint(t, "", { as, applicationId, name: `${request.name}-entry`, echo });
    const session = await openSessionFrom(t, { ...request, entryPointId: entryPoint.entryPointId }, as);
    ownEntryPoints.set(session.sessionId, entryPoint.entryPointId);
    return drivenSession(session);
  },

  // The session, then the entry point the driver made for it alone (the resource is both, as an application's only
  // use of the layer); the answer is DeleteSession's. Another tenant's deregistration leaves the entry point alone.
  async delete(clients, id) {
    const answer = await clients.sessions.deleteSession({ sessionId: id });
    const entryPointId = ownEntryPoints.get(id);
    if (entryPointId) await clients.entryPoints.deregisterEntryPoint({ entryPointId }).catch(() => undefined);
    return answer;
  },

  conflictingCreates(t, resource) {
    const session = resource.value;
    const same = sessionRequest(t, "", session.entryPointId, {
      name: session.name, applicationId: session.workload?.applicationId, deviceId: session.deviceId, labels: LABELS,
    });
    const variants: Array<[string, access.OpenSessionRequest]> = [
      ["device_id", { ...same, deviceId: `${DEVICE}-other` }],
      ["user_id", { ...same, userId: "someone-else" }],
      ["labels", { ...same, labels: { conformance: "other" } }],
      ["labels (one more)", { ...same, labels: { ...LABELS, extra: "x" } }],
    ];
    return variants.map(([differing, request]) => ({ differing, call: () => trackOpened(t, t.tenantA.sessions.openSession(request)) }));
  },

  call(t, resource, options) {
    const common = { as: options.as, sessionId: resource.id, label: options.label, applicationId: options.applicationId, untraced: options.untraced, traceparent: options.traceparent };
    if (options.fail) {
      return forwardCall(t, { ...common, payload: Buffer.alloc(Number(t.limits.maxIoBytes) + 1), code: rpc.Code.INVALID_ARGUMENT });
    }
    return forwardCall(t, { ...common, payload: payloadOf(options.index), code: options.code });
  },

  // The layer's standard way to make requests wait on the server is shaping, an optional feature.
  async slowDown(t, resource) {
    if (!t.has(core.Feature.FEATURE_ACCESS_SHAPING)) {
      return "nothing more than the 10 ms echo of the session's entry point (the endpoint does not declare FEATURE_ACCESS_SHAPING, the layer's one standard way to make requests wait)";
    }
    await setShaping(t, SLOW_RATE, 1);
    return `a shaping policy of ${SLOW_RATE} requests/s (burst 1) for the tenant of session ${resource.id}`;
  },

  async snapshot(t: AccessContext, resource) {
    const what = `GetSession ${resource.id} by tenant A`;
    const { session } = await t.expectCode(t.tenantA.sessions.getSession({ sessionId: resource.id }), rpc.Code.OK, what);
    return {
      state: session?.state, labels: session?.labels, deviceId: session?.deviceId, entryPointId: session?.entryPointId,
      applicationId: session?.workload?.applicationId, requestCount: session?.requestCount,
    };
  },
};
