import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { LayerKitBase } from "../../server/serve-layer-kit.js";
import type { Endpoint, Network, Port, QosClass, Tap } from "./contracts.js";
import type { NetworkBackend } from "./network-backend.js";
import type { NamedResources, NetworkCatalog } from "./network-catalog.js";
import type { NetworkTopology } from "./network-topology.js";
import type { Switchboard } from "./switchboard.js";
import type { TapHub } from "./tap-hub.js";

/** What every LAN service handler shares. */
export interface NetworkKit extends LayerKitBase {
  readonly catalog: NetworkCatalog;
  readonly backend: NetworkBackend;
  /** The ports' side of the switch: receive queues, deliveries, drops. */
  readonly switchboard: Switchboard;
  readonly taps: TapHub;
  readonly topology: NetworkTopology;
  /** Port.queue_capacity_datagrams of every new port. */
  readonly queueCapacityDatagrams: number;
}

/** A resource the principal may see, or NOT_FOUND, the same for an absent and a foreign one. */
function visible<T extends { workload?: { tenantId: string } | undefined }>(
  resources: NamedResources<T>, kind: string, principal: Principal, id: string,
): T {
  const item = resources.get(id);
  if (!item || !canAccessTenant(principal, item.workload!.tenantId)) throw StrataError.notFound(kind, id);
  return item;
}

export const visibleNetwork = (kit: NetworkKit, principal: Principal, id: string): Network => visible(kit.catalog.networks, "network", principal, id);
export const visiblePort = (kit: NetworkKit, principal: Principal, id: string): Port => visible(kit.catalog.ports, "port", principal, id);
export const visibleEndpoint = (kit: NetworkKit, principal: Principal, id: string): Endpoint => visible(kit.catalog.endpoints, "endpoint", principal, id);
export const visibleQosClass = (kit: NetworkKit, principal: Principal, id: string): QosClass => visible(kit.catalog.qosClasses, "qos class", principal, id);
export const visibleTap = (kit: NetworkKit, principal: Principal, id: string): Tap => visible(kit.catalog.taps, "tap", principal, id);

/** The caller's endpoint on a network, or NOT_FOUND (absent, foreign or on another network alike). */
export function endpointOn(kit: NetworkKit, principal: Principal, networkId: string, endpointId: string): Endpoint {
  const endpoint = kit.catalog.endpoints.get(endpointId);
  if (!endpoint || endpoint.networkId !== networkId || !canAccessTenant(principal, endpoint.workload!.tenantId)) {
    throw StrataError.notFound("endpoint", endpointId);
  }
  return endpoint;
}

/** The tenant's share of Limits.max_resources_per_tenant: RESOURCE_EXHAUSTED when it holds them all. */
export function checkNetworkQuota(kit: NetworkKit, tenantId: string): void {
  if (kit.maxResourcesPerTenant === 0) return;
  const held = [...kit.catalog.networks.values()].filter((n) => n.workload!.tenantId === tenantId).length;
  if (held >= kit.maxResourcesPerTenant) {
    throw StrataError.capacityExhausted(`tenant "${tenantId}" networks (Limits.max_resources_per_tenant ${kit.maxResourcesPerTenant})`);
  }
}
