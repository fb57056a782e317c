import type { ClientAuth, ServiceMap, StrataClients } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import type { ConformanceConfig } from "../config.js";
import type { LayerModule } from "../registry/layer-module.js";
import type { CleanupTracker } from "./cleanup-tracker.js";

/** Clients of the common services (and, at run time, of every layer under test). */
export type AnyClients = StrataClients<{}>;

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
  /** A new client set at the same target; "anonymous" sends no credentials, not even a TLS client certificate. */
  connect(auth: ClientAuth | "anonymous"): AnyClients;
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
  /** Clients with other credentials ("anonymous": none at all), closed when the scope is cleaned up. */
  connect(auth: ClientAuth | "anonymous"): StrataClients<S>;
  /** Registers an undo (delete what was created), run newest first when the scope ends, pass or fail. */
  track(cleanup: () => unknown, what?: string): void;
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
    connect(auth) {
      const clients = env.connect(auth);
      tracker.track(() => clients.close(), `close the ${auth === "anonymous" ? "anonymous" : "extra"} client`);
      return typed(clients);
    },
    track: (cleanup, what) => tracker.track(cleanup, what),
  };
}
