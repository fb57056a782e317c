import { core } from "@strata/sdk/contracts";
import type { ConformanceConfig } from "../config.js";
import type { LayerModule } from "../registry/layer-module.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import type { AnyClients, Caller, ConnectOptions } from "../runner/endpoint-scope.js";
import { connectWith } from "../runner/open-session.js";
import { MANAGEMENT_CHECKS } from "./management-suite.js";
import { MANAGEMENT_MODULE_NAME } from "./management-checks.js";
import { MANAGEMENT_SERVICES, managementOf } from "./management-services.js";

/** The hub a management endpoint reads, as the run reaches it: its config and its module over the layer behind it. */
export interface HubUnderManagement {
  readonly config: ConformanceConfig;
  /** The hub module (hubLayerModule) over the layer endpoint behind the hub, whose driver makes traffic there. */
  readonly module: LayerModule & { close(): void };
}

/** The management module: the checks call the management endpoint; `hubSide` reaches the hub it reads and the layer behind it. */
export interface ManagementModule extends LayerModule {
  /**
   * `t` as the hub module's checks see it: clients of the hub, and the
   * hub module's driver, which makes resources and traced calls on the
   * layer endpoint behind the hub and waits until the hub holds them.
   */
  hubSide(t: LayerCheckContext): LayerCheckContext;
  /** Restarts the management endpoint at the same address (its ledger kept), when the run can; undefined otherwise. */
  readonly restart?: () => Promise<void>;
  close(): void;
}

/**
 * The module that runs the management checks (docs/management.md,
 * docs/assurance.md) against a management endpoint: its services are
 * strata.management.v1's, and traffic the checks need counted is made
 * behind the hub the endpoint reads.
 *
 * @example
 * const module = managementModule(hubModule, hubConfig);
 * await runConformance({ ...managementConfig, layer: "management" }, { modules: [module], checks: module.checks });
 */
export function managementModule(hub: HubUnderManagement, restart?: () => Promise<void>): ManagementModule {
  let principals: Record<"tenantA" | "tenantB" | "operator", AnyClients> | undefined;
  const hubPrincipals = () => (principals ??= {
    tenantA: connectWith(hub.config, "tenantA", [hub.module]),
    tenantB: connectWith(hub.config, "tenantB", [hub.module]),
    operator: connectWith(hub.config, "operator", [hub.module]),
  });
  const contexts = new WeakMap<object, LayerCheckContext>();
  const hubSide = (t: LayerCheckContext): LayerCheckContext => {
    let context = contexts.get(t);
    if (!context) {
      context = {
        ...t, ...hubPrincipals(), module: hub.module, parameters: {},
        connect: (caller: Caller, options?: ConnectOptions) => {
          const clients = connectWith(hub.config, caller, [hub.module], options);
          t.track(() => clients.close(), "a client of the hub");
          return clients;
        },
      } as LayerCheckContext;
      contexts.set(t, context);
    }
    return context;
  };
  return {
    ...hub.module,
    name: MANAGEMENT_MODULE_NAME,
    layer: core.Layer.LAYER_UNSPECIFIED,
    services: MANAGEMENT_SERVICES,
    sampleCall: { rpc: "ChargebackService.ListPeriods", call: (clients) => managementOf(clients).chargeback.listPeriods({ page: undefined }) },
    checks: MANAGEMENT_CHECKS,
    listProbes: [],
    lookupProbes: [],
    swapSteps: [],
    commonCovers: {},
    parameters: undefined,
    hubSide,
    ...(restart ? { restart } : {}),
    close() {
      for (const clients of Object.values(principals ?? {})) clients.close();
      hub.module.close();
    },
  } as ManagementModule;
}

/** The management module of a check's `t`. */
export const managementModuleOf = (t: LayerCheckContext) => t.module as unknown as ManagementModule;
