import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { check } from "./network-checks.js";
import { attachEndpoint, createNetwork, createPort, makeLan } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("EndpointService answers every row of its error tables; each endpoint has its own address on its network [network] [endpoints] [errors]", { covers: ["NET-SVC-1", "CORE-IDEM-1", "CORE-IDEM-2", "CORE-IDEM-4", "CORE-ERR-7", "CORE-ERR-3", "CORE-COMP-1"] }, async (t) => {
  const lan = await makeLan(t, "endpoints", { endpoints: 3, hostIds: ["conformance-host-1"] });
  const [first, second] = lan.endpoints;
  const addresses = lan.endpoints.map((e) => e.address);
  t.ensure(addresses.every((a) => a.length >= 1 && Buffer.byteLength(a) <= 64), `endpoint addresses ${addresses.join(", ")}; the standard requires 1 to 64 bytes`);
  t.equal(new Set(addresses).size, addresses.length, `the endpoints of network ${lan.network.networkId} share addresses (${addresses.join(", ")}); the standard requires them unique within the network`);
  t.equal([first!.networkId, first!.portId, first!.hostId, first!.workload?.applicationId, first!.workload?.tenantId],
    [lan.network.networkId, lan.ports[0]!.portId, "conformance-host-1", lan.ports[0]!.workload?.applicationId, lan.ports[0]!.workload?.tenantId],
    "AttachEndpoint must answer the endpoint with its network, port, host and the port's tenant and application");
  const { port } = await t.expectCode(t.tenantA.ports.getPort({ portId: first!.portId }), Code.OK, "GetPort of an endpoint's port");
  t.equal(port?.endpointId, first!.endpointId, "a port names the endpoint attached to it");

  const attach = (fields: Partial<network.AttachEndpointRequest>) => {
    const call = t.tenantA.endpoints.attachEndpoint(network.AttachEndpointRequest.fromPartial({ portId: first!.portId, name: "endpoint-0", hostId: "conformance-host-1", ...fields }));
    call.then(({ endpoint }) => {
      if (endpoint && endpoint.endpointId !== first!.endpointId) t.track(() => t.tenantA.endpoints.detachEndpoint({ endpointId: endpoint.endpointId }), "DetachEndpoint");
    }, () => undefined);
    return call;
  };
  const repeats = await t.repeat((i) => t.expectCode(attach({}), Code.OK, `AttachEndpoint repeated with the same name and parameters (call ${i + 1})`));
  for (const repeat of repeats) t.equal([repeat.endpoint?.endpointId, repeat.endpoint?.address], [first!.endpointId, first!.address],
    "AttachEndpoint repeated must answer the existing endpoint, same id and same address");
  await t.expectCode(attach({ hostId: "conformance-host-other" }), Code.ALREADY_EXISTS, "AttachEndpoint reusing a name with a different host_id", Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
  await t.expectCode(attach({ portId: second!.portId }), Code.ALREADY_EXISTS, "AttachEndpoint reusing a name on a different port", Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
  await t.expectCode(attach({ name: uniqueName("second") }), Code.FAILED_PRECONDITION, "AttachEndpoint to a port that has an endpoint attached",
    Reason.ERROR_REASON_RESOURCE_BUSY);
  await expectInvalidField(t, attach({ portId: "" }), "port_id", "AttachEndpoint without port_id");
  await expectInvalidField(t, attach({ name: "" }), "name", "AttachEndpoint without a name");
  await expectInvalidField(t, attach({ name: uniqueName("x"), hostId: "no spaces allowed" }), "host_id", "AttachEndpoint with a malformed host_id");
  await t.expectCode(attach({ portId: uniqueName("absent"), name: uniqueName("x") }), Code.NOT_FOUND, "AttachEndpoint to an unknown port", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);

  await expectInvalidField(t, t.tenantA.endpoints.getEndpoint({ endpointId: "" }), "endpoint_id", "GetEndpoint without endpoint_id");
  await expectInvalidField(t, t.tenantA.endpoints.detachEndpoint({ endpointId: "" }), "endpoint_id", "DetachEndpoint without endpoint_id");
  await expectInvalidField(t, t.tenantA.endpoints.listEndpoints(network.ListEndpointsRequest.fromPartial({ networkId: "no spaces allowed" })), "network_id",
    "ListEndpoints with a malformed network_id");
  const { endpoints: listed } = await t.expectCode(t.tenantA.endpoints.listEndpoints(network.ListEndpointsRequest.fromPartial({ networkId: lan.network.networkId })),
    Code.OK, "ListEndpoints by network");
  t.equal(listed.map((e) => e.endpointId).sort(), lan.endpoints.map((e) => e.endpointId).sort(), "ListEndpoints by network must list exactly the network's endpoints");

  await t.repeat((i) => t.expectCode(t.tenantA.endpoints.detachEndpoint({ endpointId: second!.endpointId }), Code.OK, `DetachEndpoint (call ${i + 1})`));
  await t.expectCode(t.tenantA.endpoints.getEndpoint({ endpointId: second!.endpointId }), Code.NOT_FOUND, "GetEndpoint of a detached endpoint", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  const { port: freed } = await t.expectCode(t.tenantA.ports.getPort({ portId: second!.portId }), Code.OK, "GetPort after DetachEndpoint");
  t.equal(freed?.endpointId, "", "DetachEndpoint must free its port (endpoint_id empty)");
  const other = await createNetwork(t, "endpoints-other");
  const otherPort = await createPort(t, other.networkId, "port-0");
  const elsewhere = await attachEndpoint(t, otherPort.portId, "endpoint-0");
  t.ensure(elsewhere.endpointId !== first!.endpointId, "the same endpoint name on another network names another endpoint");
});
