import type { ClientAuth } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import type { ConformanceConfig } from "../config.js";
import { LAYER_PROFILES, type LayerProfile } from "../layers.js";
import type { CleanupTracker } from "./cleanup-tracker.js";
import type { SuiteClients } from "../layers.js";

/** What a run shares with every check: config, clients and the endpoint's declarations. */
export interface CheckEnvironment {
  readonly config: ConformanceConfig;
  /** Clients calling as tenant A, tenant B and the operator (same target, one channel each). */
  readonly tenantA: SuiteClients;
  readonly tenantB: SuiteClients;
  readonly operator: SuiteClients;
  /** The tenant each credential names, when it can be told from the config (insecure tenants, JWT claims). */
  readonly tenantIds: { readonly tenantA?: string; readonly tenantB?: string; readonly operator?: string };
  /** GetCapabilities as the run read it once. */
  readonly capabilities: core.GetCapabilitiesResponse;
  /** A new client set at the same target; "anonymous" sends no credentials, not even a TLS client certificate. */
  connect(auth: ClientAuth | "anonymous"): SuiteClients;
}

/** What checks and swap steps share: the environment, the layer, and an undo list. */
export interface EndpointScope extends CheckEnvironment {
  /** The endpoint's limits (zeros when it sent none; the identity suite fails that). */
  readonly limits: core.Limits;
  /** The configured layer's profile: its core.Layer, services and a sample RPC. */
  readonly profile: LayerProfile;
  /** Clients with other credentials ("anonymous": none at all), closed when the scope is cleaned up. */
  connect(auth: ClientAuth | "anonymous"): SuiteClients;
  /** Registers an undo (delete what was created), run newest first when the scope ends, pass or fail. */
  track(cleanup: () => unknown, what?: string): void;
}

export function createEndpointScope(env: CheckEnvironment, tracker: CleanupTracker): EndpointScope {
  return {
    config: env.config,
    tenantA: env.tenantA,
    tenantB: env.tenantB,
    operator: env.operator,
    tenantIds: env.tenantIds,
    capabilities: env.capabilities,
    limits: env.capabilities.limits ?? core.Limits.fromPartial({}),
    profile: LAYER_PROFILES[env.config.layer],
    connect(auth) {
      const clients = env.connect(auth);
      tracker.track(() => clients.close(), `close the ${auth === "anonymous" ? "anonymous" : "extra"} client`);
      return clients;
    },
    track: (cleanup, what) => tracker.track(cleanup, what),
  };
}
