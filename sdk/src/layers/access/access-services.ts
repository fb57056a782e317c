import { EntryPointServiceService, ForwardServiceService, SessionServiceService, ShapingServiceService } from "./contracts.js";

/**
 * The user access layer's services by client name, for `connect()`.
 *
 * @example
 * const strata = connect(target, { auth, services: ACCESS_SERVICES });
 * const { entryPoint } = await strata.entryPoints.registerEntryPoint({ name: "shop-web", workload: { applicationId: "shop" }, echo: { delayNs: 0n, down: false }, labels: {} });
 * const { session } = await strata.sessions.openSession({ name: "alice-phone", workload: { applicationId: "shop" }, entryPointId: entryPoint!.entryPointId, deviceId: "dev-1", userId: "", labels: {} });
 * const { payload } = await strata.forward.forward({ sessionId: session!.sessionId, payload: Buffer.from("GET /") });
 */
export const ACCESS_SERVICES = {
  entryPoints: EntryPointServiceService,
  sessions: SessionServiceService,
  forward: ForwardServiceService,
  shaping: ShapingServiceService,
} as const;
