import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { sameLabels } from "../../server/same-labels.js";
import { NetworkServiceService, type CreateNetworkRequest, type Network } from "./contracts.js";
import { checkNetworkQuota, visibleNetwork, type NetworkKit } from "./network-kit.js";

/** strata.network.v1.NetworkService over a NetworkKit. */
export function createNetworkService(kit: NetworkKit) {
  return defineService(NetworkServiceService, {
    createNetwork: (request, ctx) => kit.exclusive(() => createNetwork(kit, request, ctx)),

    deleteNetwork: (request, ctx) => kit.exclusive(async () => {
      validate().id("network_id", request.networkId).throwIfAny();
      const network = kit.catalog.networks.get(request.networkId);
      // Absent and foreign networks answer OK alike: delete is idempotent and leaks nothing.
      if (!network || !canAccessTenant(ctx.principal, network.workload!.tenantId)) return {};
      const ports = kit.catalog.portsOf(network.networkId).length;
      if (ports > 0) throw StrataError.busy("network", network.networkId, `still has ${ports} port(s): delete them first`);
      kit.catalog.networks.remove(network);
      kit.switchboard.networkDrops.delete(network.networkId);
      kit.topology.removeNetwork(network);
      kit.telemetry.endResource(network.networkId);
      return {};
    }),

    getNetwork(request, ctx) {
      validate().id("network_id", request.networkId).throwIfAny();
      return { network: visibleNetwork(kit, ctx.principal, request.networkId) };
    },

    listNetworks(request, ctx) {
      validate().application("application_id", request.applicationId, false).throwIfAny();
      const all = [...kit.catalog.networks.values()].filter((n) => canAccessTenant(ctx.principal, n.workload!.tenantId)
        && (request.applicationId === "" || n.workload!.applicationId === request.applicationId));
      const { items, page } = paginate(all, (n) => n.networkId, request.page, { maxPageSize: kit.maxPageSize, filters: request.applicationId, context: ctx });
      return { networks: items, page };
    },
  });
}

async function createNetwork(kit: NetworkKit, request: CreateNetworkRequest, ctx: CallContext) {
  const workload = request.workload;
  const checks = validate().id("name", request.name).application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  checks.throwIfAny();
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);
  const existing = kit.catalog.networks.named(tenantId, request.name);
  if (existing) {
    const differing: string[] = [];
    if (existing.workload!.applicationId !== workload!.applicationId) differing.push("workload.application_id");
    if (!sameLabels(existing.labels, request.labels)) differing.push("labels");
    if (differing.length > 0) throw StrataError.conflictingParameters("network", request.name, differing);
    return { network: existing };
  }
  checkNetworkQuota(kit, tenantId);
  const network: Network = {
    networkId: newId("net"),
    name: request.name,
    workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
    labels: { ...request.labels },
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
  };
  kit.catalog.networks.put(network);
  kit.topology.addNetwork(network);
  return { network };
}
