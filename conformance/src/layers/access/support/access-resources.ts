import { rpc } from "@strata/sdk/contracts";
import { access } from "@strata/sdk/access";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { AccessClients, AccessContext } from "../access-checks.js";

export interface EntryPointOptions {
  /** Who registers (and later deregisters) it; tenant A by default. */
  as?: AccessClients;
  /** workload.application_id; the config's applicationId by default. */
  applicationId?: string;
  /** workload.tenant_id (empty: the caller's own). */
  tenantId?: string;
  /** The exact name instead of a unique one. */
  name?: string;
  /** The echo target (delay 0, up, by default). */
  echo?: Partial<access.EchoTarget>;
  labels?: Record<string, string>;
}

/** The RegisterEntryPointRequest of an echo entry point, as the access checks send it. */
export function entryPointRequest(t: AccessContext, stem: string, options: EntryPointOptions = {}): access.RegisterEntryPointRequest {
  return access.RegisterEntryPointRequest.fromPartial({
    name: options.name ?? uniqueName(stem),
    workload: { applicationId: options.applicationId ?? t.config.applicationId, tenantId: options.tenantId ?? "", component: "conformance" },
    echo: { delayNs: 0n, down: false, ...options.echo },
    labels: options.labels ?? {},
  });
}

/** Registers an echo entry point (expecting OK) and tracks its deregistration by the same caller. */
export async function registerEntryPoint(t: AccessContext, stem: string, options: EntryPointOptions = {}): Promise<access.EntryPoint> {
  const as = options.as ?? t.tenantA;
  const request = entryPointRequest(t, stem, options);
  const { entryPoint } = await t.expectCode(as.entryPoints.registerEntryPoint(request), rpc.Code.OK, `RegisterEntryPoint "${request.name}"`);
  if (!entryPoint) return t.fail(`RegisterEntryPoint "${request.name}" answered OK without an entry point; the response must carry it`);
  t.track(() => as.entryPoints.deregisterEntryPoint({ entryPointId: entryPoint.entryPointId }), `DeregisterEntryPoint ${entryPoint.entryPointId}`);
  return entryPoint;
}

export interface SessionOptions {
  as?: AccessClients;
  applicationId?: string;
  tenantId?: string;
  name?: string;
  /** The entry point; a fresh echo entry point of the session's application by default. */
  entryPointId?: string;
  deviceId?: string;
  userId?: string;
  labels?: Record<string, string>;
}

/** The OpenSessionRequest the access checks send: a unique name, device "conformance-device". */
export function sessionRequest(t: AccessContext, stem: string, entryPointId: string, options: SessionOptions = {}): access.OpenSessionRequest {
  return access.OpenSessionRequest.fromPartial({
    name: options.name ?? uniqueName(stem),
    workload: { applicationId: options.applicationId ?? t.config.applicationId, tenantId: options.tenantId ?? "", component: "conformance" },
    entryPointId,
    deviceId: options.deviceId ?? "conformance-device",
    userId: options.userId ?? "",
    labels: options.labels ?? {},
  });
}

/** Opens a session (expecting OK), on a fresh echo entry point unless one is given, and tracks its deletion by the same caller. */
export async function openSession(t: AccessContext, stem: string, options: SessionOptions = {}): Promise<access.Session> {
  const as = options.as ?? t.tenantA;
  const entryPointId = options.entryPointId
    ?? (await registerEntryPoint(t, `${stem}-entry`, { as, applicationId: options.applicationId, tenantId: options.tenantId })).entryPointId;
  return openSessionFrom(t, sessionRequest(t, stem, entryPointId, options), as);
}

/** Sends an OpenSessionRequest as is (expecting OK) and tracks the session's deletion. */
export async function openSessionFrom(t: AccessContext, request: access.OpenSessionRequest, as: AccessClients = t.tenantA): Promise<access.Session> {
  const { session } = await t.expectCode(trackOpened(t, as.sessions.openSession(request), as), rpc.Code.OK, `OpenSession "${request.name}"`);
  if (!session) return t.fail(`OpenSession "${request.name}" answered OK without a session; the response must carry it`);
  return session;
}

/** Tracks the deletion of whatever session an open call returns, so that an open the endpoint should have refused leaves nothing behind. */
export function trackOpened<T extends { session?: access.Session }>(t: AccessContext, call: Promise<T>, as: AccessClients = t.tenantA): Promise<T> {
  call.then(({ session }) => {
    if (session) t.track(() => as.sessions.deleteSession({ sessionId: session.sessionId }), `DeleteSession ${session.sessionId}`);
  }, () => undefined);
  return call;
}

/** Sets a shaping policy for the caller's tenant (expecting OK) and tracks its deletion. */
export async function setShaping(t: AccessContext, maxRequestsPerSecond: number, burstRequests: number, as: AccessClients = t.tenantA): Promise<access.ShapingPolicy> {
  const what = `SetShapingPolicy of ${maxRequestsPerSecond} requests/s, burst ${burstRequests}`;
  t.track(() => as.shaping.deleteShapingPolicy({ tenantId: "" }), "DeleteShapingPolicy");
  const { policy } = await t.expectCode(as.shaping.setShapingPolicy({ policy: { tenantId: "", maxRequestsPerSecond, burstRequests } }), rpc.Code.OK, what);
  return policy ?? t.fail(`${what} answered OK without the policy; the response must carry it as stored`);
}
