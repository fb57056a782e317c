import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./network-checks.js";
import { attachEndpoint, createNetwork, createPort, setQosClass } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("PortService answers every row of its error tables; a port carries its line rate, queue capacity and QoS class [network] [ports] [errors]", { covers: ["NET-SVC-1", "NET-PORT-1", "NET-PORT-2", "NET-PORT-3", "CORE-IDEM-1", "CORE-IDEM-2", "CORE-ERR-7", "CORE-ERR-3", "CORE-TEN-5", "CORE-TEN-6", "CORE-COMP-1"] }, async (t) => {
  const app = t.config.applicationId;
  const made = await createNetwork(t, "ports");
  const mine = await setQosClass(t, "port-class", { maxBandwidthBytesPerSecond: 1n << 30n });
  const request = (fields: Partial<network.CreatePortRequest>) =>
    network.CreatePortRequest.fromPartial({ networkId: made.networkId, name: uniqueName("port"), workload: { applicationId: app }, ...fields });
  const create = (fields: Partial<network.CreatePortRequest>, as = t.tenantA) => {
    const call = as.ports.createPort(request(fields));
    call.then(({ port }) => { if (port) t.track(() => as.ports.deletePort({ portId: port.portId }), `DeletePort ${port.portId}`); }, () => undefined);
    return call;
  };

  const port = await createPort(t, made.networkId, "first", { qosClassId: mine.qosClassId });
  t.ensure(port.speedBytesPerSecond > 0n, `CreatePort answered speed_bytes_per_second ${port.speedBytesPerSecond}; the standard requires the port's line rate, above 0`);
  t.ensure(port.queueCapacityDatagrams >= 1, `CreatePort answered queue_capacity_datagrams ${port.queueCapacityDatagrams}; the standard requires at least 1`);
  t.equal([port.networkId, port.qosClassId, port.endpointId, port.workload?.applicationId], [made.networkId, mine.qosClassId, "", app],
    "CreatePort must answer the port with its network, QoS class, no endpoint yet and its application");
  const tenantA = made.workload!.tenantId;
  t.equal(port.workload?.tenantId, tenantA, "a port belongs to its network's tenant");
  const again = await t.expectCode(create({ name: "first", qosClassId: mine.qosClassId }), Code.OK, "CreatePort repeated with the same name and parameters");
  t.equal(again.port?.portId, port.portId, "CreatePort repeated with the same name and parameters must answer the existing port");
  for (const [differing, fields] of [
    ["qos_class_id", { name: "first" }],
    ["labels", { name: "first", qosClassId: mine.qosClassId, labels: { other: "yes" } }],
    ["workload.application_id", { name: "first", qosClassId: mine.qosClassId, workload: { applicationId: `${app}-other`, tenantId: "", component: "" } }],
  ] as const) {
    await t.expectCode(create(fields), Code.ALREADY_EXISTS, `CreatePort reusing "first" with a different ${differing}`, Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
  }

  await expectInvalidField(t, create({ networkId: "" }), "network_id", "CreatePort without network_id");
  await expectInvalidField(t, create({ name: "" }), "name", "CreatePort without a name");
  await expectInvalidField(t, create({ workload: { applicationId: "", tenantId: "", component: "" } }), "workload.application_id", "CreatePort without workload.application_id");
  await t.expectCode(create({ networkId: uniqueName("absent") }), Code.NOT_FOUND, "CreatePort on an unknown network", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(create({ qosClassId: uniqueName("absent") }), Code.NOT_FOUND, "CreatePort naming an unknown QoS class", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  const theirs = await setQosClass(t, "foreign-class", { maxBandwidthBytesPerSecond: 1n << 30n }, { as: t.tenantB });
  await t.expectCode(create({ qosClassId: theirs.qosClassId }), Code.NOT_FOUND, "CreatePort by tenant A naming tenant B's QoS class", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  const tenantB = await resolveTenantId(t, "tenantB");
  await t.expectCode(create({ workload: { applicationId: app, tenantId: tenantB, component: "" } }), Code.PERMISSION_DENIED,
    "CreatePort by tenant A naming tenant B in workload.tenant_id", Reason.ERROR_REASON_TENANT_MISMATCH);
  await expectInvalidField(t, create({ workload: { applicationId: app, tenantId: tenantB, component: "" } }, t.operator), "workload.tenant_id",
    "CreatePort by the operator on tenant A's network naming tenant B in workload.tenant_id");

  await expectInvalidField(t, t.tenantA.ports.getPort({ portId: "" }), "port_id", "GetPort without port_id");
  await t.expectCode(t.tenantA.ports.getPort({ portId: uniqueName("absent") }), Code.NOT_FOUND, "GetPort of an unknown port", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await expectInvalidField(t, t.tenantA.ports.deletePort({ portId: "" }), "port_id", "DeletePort without port_id");
  await expectInvalidField(t, t.tenantA.ports.listPorts(network.ListPortsRequest.fromPartial({ networkId: "no spaces allowed" })), "network_id",
    "ListPorts with a malformed network_id");
  await attachEndpoint(t, port.portId, "holder");
  await t.expectCode(t.tenantA.ports.deletePort({ portId: port.portId }), Code.FAILED_PRECONDITION, "DeletePort of a port with an endpoint attached",
    Reason.ERROR_REASON_RESOURCE_BUSY);
  const listed = await walkPages(t, "ListPorts by network", async (page) => {
    const answer = await t.tenantA.ports.listPorts({ page, networkId: made.networkId });
    return { items: answer.ports, page: answer.page };
  });
  t.equal(listed.map((p) => p.portId), [port.portId], "ListPorts by network must list exactly the network's ports");
  t.log("RESOURCE_EXHAUSTED (no free port) is the vendor's limit: the suite does not exhaust a switch");
});
