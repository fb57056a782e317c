import { status } from "@grpc/grpc-js";
import type { StrataClients } from "../../client/connect.js";
import { isStrataError, StrataError } from "../../errors/strata-error.js";
import { codeToJSON } from "../../gen/google/rpc/code.js";
import type { ACCESS_SERVICES } from "../access/access-services.js";
import { SessionState } from "../access/contracts.js";
import { TransactionRoute, type Device } from "./contracts.js";
import type { DeviceRoute } from "./device-backend.js";

/**
 * How a device endpoint reaches the access layer (TRANSACTION_ROUTE_ACCESS).
 * How it authenticates to the access endpoint is its configuration:
 * credentials in the clients (SHOULD hold the operator role, as sessions
 * are opened for every tenant's devices), or per-tenant metadata.
 */
export interface AccessReach {
  /** Clients of the access endpoint. */
  readonly clients: StrataClients<typeof ACCESS_SERVICES>;
  /** Metadata a call made for a tenant's device carries besides the clients' credentials; none by default. */
  metadataFor?(tenantId: string): Record<string, string>;
}

/** The session name of a device's access session: one per device, reused by each of its transactions. */
export function accessSessionName(deviceId: string): string {
  return `device-${deviceId}`.slice(0, 128);
}

/**
 * The route of an endpoint configured with an access endpoint (docs/device.md,
 * Routes): a device's transaction goes through an access session of the
 * device (opened on its first transaction, then reused) to an entry point
 * of the device's application, as one Forward made with the transaction's
 * context, so that the access hop is a child of the device's span. A
 * failure of the access layer or of the application is UNAVAILABLE; a
 * transaction given up on is CANCELLED.
 */
export function createAccessRoute(reach: AccessReach, options: { closeClients?: boolean } = {}): DeviceRoute {
  const sessions = new Map<string, Promise<string>>();

  const sessionOf = (device: Device, signal: AbortSignal): Promise<string> => {
    let session = sessions.get(device.deviceId);
    if (!session) {
      session = openSession(reach, device, signal);
      sessions.set(device.deviceId, session);
      session.catch(() => sessions.delete(device.deviceId));
    }
    return session;
  };

  return {
    route: TransactionRoute.TRANSACTION_ROUTE_ACCESS,
    async exchange({ device, payload, context, signal }) {
      const metadata = reach.metadataFor?.(device.workload!.tenantId);
      for (let attempt = 0; ; attempt++) {
        try {
          const sessionId = await sessionOf(device, signal);
          const answer = await reach.clients.forward.forward({ sessionId, payload }, { context, signal, ...(metadata ? { metadata } : {}) });
          return Buffer.from(answer.payload);
        } catch (error) {
          if (signal.aborted) throw StrataError.cancelled(`transaction of device "${device.deviceId}"`);
          // A session closed or deleted behind the route's back: open a new one, once.
          const stale = isStrataError(error) && (error.code === status.NOT_FOUND || error.code === status.FAILED_PRECONDITION);
          if (stale && attempt === 0) {
            sessions.delete(device.deviceId);
            continue;
          }
          if (isStrataError(error) && error.code === status.UNAVAILABLE) throw error;
          throw StrataError.unavailable(`the access endpoint, for device "${device.deviceId}" (it answered ${describe(error)})`, error);
        }
      }
    },
    async close() {
      sessions.clear();
      if (options.closeClients) reach.clients.close();
    },
  };
}

/** Opens (or finds again, by its name) the access session of a device to an entry point of its application. */
async function openSession(reach: AccessReach, device: Device, signal: AbortSignal): Promise<string> {
  const { tenantId, applicationId } = device.workload!;
  const metadata = reach.metadataFor?.(tenantId);
  const extras = { signal, ...(metadata ? { metadata } : {}) };
  const entryPoint = await entryPointOf(reach, tenantId, applicationId, extras);
  if (!entryPoint) throw StrataError.unavailable(`the access endpoint has no entry point of application "${applicationId}" (tenant "${tenantId}")`);
  const name = accessSessionName(device.deviceId);
  const { session } = await reach.clients.sessions.openSession({
    name, workload: { tenantId, applicationId, component: "" }, entryPointId: entryPoint, deviceId: device.deviceId, userId: device.userId, labels: {},
  }, extras);
  if (session!.state !== SessionState.SESSION_STATE_OPEN) {
    // A closed session keeps its name: remove it and open a fresh one.
    await reach.clients.sessions.deleteSession({ sessionId: session!.sessionId }, extras);
    const reopened = await reach.clients.sessions.openSession({
      name, workload: { tenantId, applicationId, component: "" }, entryPointId: entryPoint, deviceId: device.deviceId, userId: device.userId, labels: {},
    }, extras);
    return reopened.session!.sessionId;
  }
  return session!.sessionId;
}

/** The first entry point (in the endpoint's stable order) of the tenant's application. */
async function entryPointOf(reach: AccessReach, tenantId: string, applicationId: string, extras: { signal: AbortSignal; metadata?: Record<string, string> }): Promise<string | undefined> {
  let pageToken = "";
  do {
    const { entryPoints, page } = await reach.clients.entryPoints.listEntryPoints({ page: { pageSize: 0, pageToken }, applicationId }, extras);
    const found = entryPoints.find((e) => e.workload?.tenantId === tenantId);
    if (found) return found.entryPointId;
    pageToken = page?.nextPageToken ?? "";
  } while (pageToken !== "");
  return undefined;
}

function describe(error: unknown): string {
  return isStrataError(error) ? `${codeToJSON(error.code as number)}: ${error.message}` : String((error as Error)?.message ?? error);
}
