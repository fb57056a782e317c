import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { check } from "./network-checks.js";
import { createPort, makeLan, setQosClass, trackNetwork } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { createTap } from "./support/taps.js";

const { Code } = rpc;

check("Tenant B's deletes and detaches of tenant A's resources answer OK and change nothing; B cannot reach A's endpoints; the operator acts for a tenant [network] [tenancy]", { covers: ["CORE-TEN-7", "CORE-IDEM-4", "CORE-TEN-5", "CORE-TEN-2", "CORE-COMP-1"] }, async (t) => {
  const lan = await makeLan(t, "tenancy-a");
  const bare = await createPort(t, lan.network.networkId, "bare");
  const qosClass = await setQosClass(t, "tenancy-a", { maxBandwidthBytesPerSecond: 1n << 30n });
  const tap = await createTap(t, "tenancy-a");
  const theirs = await makeLan(t, "tenancy-b", { as: t.tenantB });
  const b = t.tenantB;
  await t.expectCode(b.endpoints.detachEndpoint({ endpointId: lan.endpoints[0]!.endpointId }), Code.OK, "DetachEndpoint by tenant B of tenant A's endpoint");
  await t.expectCode(b.ports.deletePort({ portId: bare.portId }), Code.OK, "DeletePort by tenant B of tenant A's port");
  await t.expectCode(b.networks.deleteNetwork({ networkId: lan.network.networkId }), Code.OK, "DeleteNetwork by tenant B of tenant A's network");
  await t.expectCode(b.qosClasses.deleteQosClass({ qosClassId: qosClass.qosClassId }), Code.OK, "DeleteQosClass by tenant B of tenant A's class");
  await t.expectCode(b.taps.deleteTap({ tapId: tap.tapId }), Code.OK, "DeleteTap by tenant B of tenant A's tap");
  const a = t.tenantA;
  // Each call made only when its turn comes, so that a failure ends the check without leaving calls unawaited.
  const survivors: Array<[string, () => Promise<unknown>]> = [
    ["endpoint", () => a.endpoints.getEndpoint({ endpointId: lan.endpoints[0]!.endpointId })],
    ["port", () => a.ports.getPort({ portId: bare.portId })],
    ["network", () => a.networks.getNetwork({ networkId: lan.network.networkId })],
    ["QoS class", () => a.qosClasses.getQosClass({ qosClassId: qosClass.qosClassId })],
    ["tap", () => a.taps.getTap({ tapId: tap.tapId })],
  ];
  for (const [kind, call] of survivors) {
    await t.expectCode(call(), Code.OK, `tenant A's Get of its ${kind} after tenant B's delete (tenant B's delete must change nothing)`);
  }
  const reaches: Array<[string, () => Promise<unknown>]> = [
    ["GetEndpoint", () => b.endpoints.getEndpoint({ endpointId: lan.endpoints[0]!.endpointId })],
    ["GetPort", () => b.ports.getPort({ portId: lan.ports[0]!.portId })],
    ["AttachEndpoint", () => b.endpoints.attachEndpoint({ portId: lan.ports[0]!.portId, name: uniqueName("intruder"), hostId: "", labels: {} })],
  ];
  for (const [label, call] of reaches) {
    await t.expectCode(call(), Code.NOT_FOUND, `${label} by tenant B of tenant A's port or endpoint`, core.ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND);
  }
  await t.expectCode(b.datagrams.send({ networkId: theirs.network.networkId, sourceEndpointId: theirs.endpoints[0]!.endpointId,
    destinationAddress: lan.endpoints[1]!.address, payload: Buffer.from("over the wall") }), Code.NOT_FOUND,
  "Send by tenant B on its own network to the address of tenant A's endpoint", core.ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND);

  const tenantA = await resolveTenantId(t, "tenantA");
  const name = uniqueName("by-operator");
  const { network: made } = await t.expectCode(trackNetwork(t, t.operator.networks.createNetwork(network.CreateNetworkRequest.fromPartial({
    name, workload: { applicationId: t.config.applicationId, tenantId: tenantA },
  })), t.operator), Code.OK, "CreateNetwork by the operator for tenant A");
  t.equal(made?.workload?.tenantId, tenantA, "a network the operator creates for tenant A belongs to tenant A");
  await t.expectCode(a.networks.getNetwork({ networkId: made!.networkId }), Code.OK, "GetNetwork by tenant A of the network the operator made for it");
  const { ports } = await t.expectCode(t.operator.ports.listPorts(network.ListPortsRequest.fromPartial({ networkId: lan.network.networkId })), Code.OK,
    "ListPorts by the operator of tenant A's network");
  t.equal(ports.map((p) => p.portId).sort(), [...lan.ports, bare].map((p) => p.portId).sort(), "the operator lists every tenant's ports");
});
