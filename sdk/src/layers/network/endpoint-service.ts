import { randomBytes } from "node:crypto";
import { canAccessTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { sameLabels } from "../../server/same-labels.js";
import { EndpointServiceService, type AttachEndpointRequest, type Endpoint } from "./contracts.js";
import { visibleEndpoint, visiblePort, type NetworkKit } from "./network-kit.js";

/** strata.network.v1.EndpointService over a NetworkKit. */
export function createEndpointService(kit: NetworkKit) {
  return defineService(EndpointServiceService, {
    attachEndpoint: (request, ctx) => kit.exclusive(async () => attachEndpoint(kit, request, ctx)),

    detachEndpoint: (request, ctx) => kit.exclusive(async () => {
      validate().id("endpoint_id", request.endpointId).throwIfAny();
      const endpoint = kit.catalog.endpoints.get(request.endpointId);
      if (!endpoint || !canAccessTenant(ctx.principal, endpoint.workload!.tenantId)) return {};
      kit.backend.bindAddress?.({ portId: endpoint.portId, networkId: endpoint.networkId }, undefined);
      const runtime = kit.switchboard.ports.get(endpoint.portId);
      if (runtime) {
        runtime.endpoint = undefined;
        kit.switchboard.countDrop(endpoint.networkId, runtime, runtime.resetQueue());
      }
      const port = kit.catalog.ports.get(endpoint.portId);
      if (port) port.endpointId = "";
      kit.catalog.removeEndpoint(endpoint);
      kit.topology.removeEndpoint(endpoint);
      return {};
    }),

    getEndpoint(request, ctx) {
      validate().id("endpoint_id", request.endpointId).throwIfAny();
      return { endpoint: visibleEndpoint(kit, ctx.principal, request.endpointId) };
    },

    listEndpoints(request, ctx) {
      validate().id("network_id", request.networkId, false).throwIfAny();
      const all = [...kit.catalog.endpoints.values()].filter((e) => canAccessTenant(ctx.principal, e.workload!.tenantId)
        && (request.networkId === "" || e.networkId === request.networkId));
      const { items, page } = paginate(all, (e) => e.endpointId, request.page, { maxPageSize: kit.maxPageSize, filters: request.networkId, context: ctx });
      return { endpoints: items, page };
    },
  });
}

function attachEndpoint(kit: NetworkKit, request: AttachEndpointRequest, ctx: CallContext) {
  validate().id("port_id", request.portId).id("name", request.name).id("host_id", request.hostId, false).throwIfAny();
  const port = visiblePort(kit, ctx.principal, request.portId);
  const existing = kit.catalog.endpoints.named(port.networkId, request.name);
  if (existing) {
    const differing: string[] = [];
    if (existing.portId !== request.portId) differing.push("port_id");
    if (existing.hostId !== request.hostId) differing.push("host_id");
    if (!sameLabels(existing.labels, request.labels)) differing.push("labels");
    if (differing.length > 0) throw StrataError.conflictingParameters("endpoint", request.name, differing);
    return { endpoint: existing };
  }
  if (port.endpointId !== "") throw StrataError.busy("port", port.portId, `already has endpoint "${port.endpointId}" attached`);
  const endpoint: Endpoint = {
    endpointId: newId("ep"),
    name: request.name,
    networkId: port.networkId,
    portId: port.portId,
    address: freeAddress(kit, port.networkId),
    hostId: request.hostId,
    workload: { ...port.workload! },
    labels: { ...request.labels },
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
  };
  kit.catalog.putEndpoint(endpoint);
  port.endpointId = endpoint.endpointId;
  const runtime = kit.switchboard.ports.get(port.portId);
  if (runtime) runtime.endpoint = endpoint;
  kit.backend.bindAddress?.({ portId: port.portId, networkId: port.networkId }, endpoint.address);
  kit.topology.addEndpoint(endpoint);
  return { endpoint };
}

/** A locally administered MAC-style address no endpoint of the network has. */
function freeAddress(kit: NetworkKit, networkId: string): string {
  for (;;) {
    const address = ["02", ...randomBytes(5).toString("hex").match(/../g)!].join(":");
    if (!kit.catalog.endpointAt(networkId, address)) return address;
  }
}
