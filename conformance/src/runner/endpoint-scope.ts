import type { ClientAuth, ServiceMap, StrataClients } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import { idFromTemplate, type ConformanceConfig, type Principal } from "../config.js";
import type { LayerModule } from "../registry/layer-module.js";
import type { CleanupTracker } from "./cleanup-tracker.js";

/** Clients of the common services (and, at run time, of every layer under test). */
export type AnyClients = StrataClients<{}>;

/**
 * Whom new clients call as: one of the run's principals (its credentials and
 * its own client certificate), other credentials (with the shared client
 * certificate, if any), or "anonymous": no credentials, not even a client certificate.
 */
export type Caller = Principal | ClientAuth | "anonymous";

export interface ConnectOptions {
  /** The strata-application-id of every call: the config's by default; null sends none. */
  applicationId?: string | null;
}

/** What a run shares with every check: config, clients and the endpoint's declarations. */
export interface CheckEnvironment {
  readonly config: ConformanceConfig;
  /** Clients calling as tenant A, tenant B and the operator (same target, one channel each), with every layer's services. */
  readonly tenantA: AnyClients;
  readonly tenantB: AnyClients;
  readonly operator: AnyClients;
  /** The tenant each credential names, when it can be told from the config (insecure tenants, JWT claims). */
  readonly tenantIds: { readonly tenantA?: string; readonly tenantB?: string; readonly operator?: string };
  /** GetInfo and GetCapabilities as the run read them once. */
  readonly info: core.GetInfoResponse;
  readonly capabilities: core.GetCapabilitiesResponse;
  /** The layers under test. */
  readonly modules: readonly LayerModule[];
  /** A new client set at the same target. */
  connect(caller: Caller, options?: ConnectOptions): AnyClients;
}

/** What checks and swap steps share: the environment typed by a layer's services `S`, and an undo list. */
export interface EndpointScope<S extends ServiceMap = {}> {
  readonly config: ConformanceConfig;
  readonly tenantA: StrataClients<S>;
  readonly tenantB: StrataClients<S>;
  readonly operator: StrataClients<S>;
  readonly tenantIds: CheckEnvironment["tenantIds"];
  readonly info: core.GetInfoResponse;
  readonly capabilities: core.GetCapabilitiesResponse;
  /** The endpoint's limits (zeros when it sent none; the identity suite fails that). */
  readonly limits: core.Limits;
  /** The layers under test. */
  readonly modules: readonly LayerModule[];
  /** New clients (another principal's, other credentials, "anonymous": none at all, or without strata-application-id), closed when the scope is cleaned up. */
  connect(caller: Caller, options?: ConnectOptions): StrataClients<S>;
  /** Registers an undo (delete what was created), run newest first when the scope ends, pass or fail. */
  track(cleanup: () => unknown, what?: string): void;
  /**
   * Registers the undo of a create before it answers (CleanupTracker.trackPending),
   * so that a create answered after the check gave up leaves nothing behind.
   */
  trackPending<T>(call: Promise<T>, undo: (value: T) => unknown, what?: string): Promise<T>;
  /** A new id no resource has, from config.absentIdTemplate. */
  absentId(): string;
}

export function createEndpointScope<S extends ServiceMap = {}>(env: CheckEnvironment, tracker: CleanupTracker): EndpointScope<S> {
  const typed = (clients: AnyClients) => clients as unknown as StrataClients<S>;
  return {
    config: env.config,
    tenantA: typed(env.tenantA),
    tenantB: typed(env.tenantB),
    operator: typed(env.operator),
    tenantIds: env.tenantIds,
    info: env.info,
    capabilities: env.capabilities,
    limits: env.capabilities.limits ?? core.Limits.fromPartial({}),
    modules: env.modules,
    connect(caller, options) {
      const clients = env.connect(caller, options);
      tracker.track(() => clients.close(), `close the ${typeof caller === "string" ? caller : "extra"} client`);
      return typed(clients);
    },
    track: (cleanup, what) => tracker.track(cleanup, what),
    trackPending: (call, undo, what) => tracker.trackPending(call, undo, what),
    absentId: () => idFromTemplate(env.config.absentIdTemplate),
  };
}
