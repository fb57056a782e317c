import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { sameLabels } from "../../server/same-labels.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { PortServiceService, type CreatePortRequest, type Port } from "./contracts.js";
import { visibleNetwork, visiblePort, type NetworkKit } from "./network-kit.js";
import { PortRuntime } from "./port-runtime.js";

/** strata.network.v1.PortService over a NetworkKit: the backend makes the switch's port, the kit its receive queue. */
export function createPortService(kit: NetworkKit) {
  return defineService(PortServiceService, {
    createPort: (request, ctx) => kit.exclusive(() => createPort(kit, request, ctx)),

    deletePort: (request, ctx) => kit.exclusive(async () => {
      validate().id("port_id", request.portId).throwIfAny();
      const port = kit.catalog.ports.get(request.portId);
      if (!port || !canAccessTenant(ctx.principal, port.workload!.tenantId)) return {};
      if (port.endpointId !== "") throw StrataError.busy("port", port.portId, `has endpoint "${port.endpointId}" attached: detach it first`);
      await kit.backend.removePort({ portId: port.portId, networkId: port.networkId });
      kit.switchboard.ports.delete(port.portId);
      kit.catalog.ports.remove(port);
      kit.topology.removePort(port);
      kit.telemetry.endResource(port.portId);
      return {};
    }),

    getPort(request, ctx) {
      validate().id("port_id", request.portId).throwIfAny();
      return { port: visiblePort(kit, ctx.principal, request.portId) };
    },

    listPorts(request, ctx) {
      validate().id("network_id", request.networkId, false).throwIfAny();
      const all = [...kit.catalog.ports.values()].filter((p) => canAccessTenant(ctx.principal, p.workload!.tenantId)
        && (request.networkId === "" || p.networkId === request.networkId));
      const { items, page } = paginate(all, (p) => p.portId, request.page, { maxPageSize: kit.maxPageSize, filters: request.networkId, context: ctx });
      return { ports: items, page };
    },
  });
}

async function createPort(kit: NetworkKit, request: CreatePortRequest, ctx: CallContext) {
  const workload = request.workload;
  const checks = validate().id("network_id", request.networkId).id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "").id("workload.tenant_id", workload?.tenantId ?? "", false)
    .id("qos_class_id", request.qosClassId, false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  checks.throwIfAny();
  const named = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);
  const network = visibleNetwork(kit, ctx.principal, request.networkId);
  const tenantId = network.workload!.tenantId;
  if (workload!.tenantId !== "" && named !== tenantId) {
    throw StrataError.invalidArgument("workload.tenant_id", `must be the network's tenant "${tenantId}" (or empty)`);
  }
  if (request.qosClassId !== "") {
    const qosClass = kit.catalog.qosClasses.get(request.qosClassId);
    if (!qosClass || qosClass.workload!.tenantId !== tenantId || !canAccessTenant(ctx.principal, tenantId)) {
      throw StrataError.notFound("qos class", request.qosClassId);
    }
  }
  const existing = kit.catalog.ports.named(network.networkId, request.name);
  if (existing) {
    const differing: string[] = [];
    if (existing.workload!.applicationId !== workload!.applicationId) differing.push("workload.application_id");
    if (existing.qosClassId !== request.qosClassId) differing.push("qos_class_id");
    if (!sameLabels(existing.labels, request.labels)) differing.push("labels");
    if (differing.length > 0) throw StrataError.conflictingParameters("port", request.name, differing);
    return { port: existing };
  }
  const port: Port = {
    portId: newId("port"),
    networkId: network.networkId,
    name: request.name,
    workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
    qosClassId: request.qosClassId,
    labels: { ...request.labels },
    speedBytesPerSecond: BigInt(Math.round(kit.backend.portSpeedBytesPerSecond)),
    queueCapacityDatagrams: kit.queueCapacityDatagrams,
    endpointId: "",
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
  };
  await kit.backend.addPort({ portId: port.portId, networkId: port.networkId });
  kit.switchboard.ports.set(port.portId, new PortRuntime(port, kit.capabilities.has(Feature.FEATURE_NETWORK_PRIORITY_QUEUING)));
  kit.catalog.ports.put(port);
  kit.topology.addPort(port);
  return { port };
}
