import { core } from "@strata/sdk/contracts";
import { createLayerServer, type AuthOptions, type Interceptor, type LayerCatalogue, type LayerServer, type Readiness, type ServiceRegistration } from "@strata/sdk/server";
import { createAssuranceService } from "../assurance/assurance-service.js";
import type { ActionLog } from "../assurance/action-log.js";
import type { SlaStore } from "../assurance/sla-store.js";
import { createCapacityService } from "../capacity/capacity-service.js";
import type { Capacity } from "../capacity/create-capacity.js";
import { createChargebackService } from "../chargeback/chargeback-service.js";
import type { Ledger } from "../chargeback/create-ledger.js";
import type { RateCard } from "../chargeback/rate-card.js";
import type { PerformanceTracker } from "../performance/create-performance-tracker.js";
import { createPerformanceService } from "../performance/performance-service.js";

/** A management endpoint publishes no metrics and serves no data path of its own. */
const MANAGEMENT_CATALOGUE: LayerCatalogue = Object.freeze({ layer: core.Layer.LAYER_UNSPECIFIED, metrics: [], operations: [] });

export interface ManagementServerOptions {
  auth: AuthOptions;
  chargeback?: { ledger: Ledger; rateCard: RateCard };
  capacity?: Pick<Capacity, "report" | "sampleIntervalNs">;
  performance?: PerformanceTracker;
  /** Readiness for Probe and the health service (default ready): `strata manage` is ready once its tools follow the hub. */
  probe?: () => Readiness;
  /** The SLAs and the controller's audit trail AssuranceService serves. */
  assurance?: { slas: SlaStore; actions: ActionLog };
  /** Steps added to every call's pipeline (the conformance suite plants its faulty management endpoints' defects here). */
  interceptors?: readonly Interceptor[];
}

/**
 * An endpoint serving the management tools given over strata.management.v1
 * (and the common services every endpoint serves); the services of tools
 * not given answer UNIMPLEMENTED.
 *
 * @example
 * const server = createManagementServer({ auth: { jwt: { secret } }, chargeback: { ledger, rateCard } });
 * await server.listen("127.0.0.1:7200");
 */
export function createManagementServer(options: ManagementServerOptions): LayerServer {
  const services: ServiceRegistration<any>[] = [];
  if (options.chargeback) services.push(createChargebackService(options.chargeback.ledger, options.chargeback.rateCard));
  if (options.capacity) services.push(createCapacityService(options.capacity));
  if (options.performance) services.push(createPerformanceService(options.performance));
  if (options.assurance) services.push(createAssuranceService(options.assurance.slas, options.assurance.actions));
  return createLayerServer({
    info: { vendor: "Strata reference", product: "strata-management", version: "0.1.0", layers: [] },
    services,
    auth: options.auth,
    catalogue: MANAGEMENT_CATALOGUE,
    ...(options.probe ? { probe: options.probe } : {}),
    ...(options.interceptors ? { interceptors: options.interceptors } : {}),
  });
}
