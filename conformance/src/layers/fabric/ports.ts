import { core, rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./fabric-checks.js";
import { createInitiator, createPortFrom, createTarget, createZonedPair, portRequest } from "./support/fabric-ports.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { PORT_ROLE_INITIATOR, PORT_ROLE_TARGET } = fabric.PortRole;

check("CreatePort returns the port as asked, with a line rate, a buffer and storage_bound set by the server [fabric] [ports]",
  { covers: ["FAB-PORT-2"] }, async (t) => {
    const labels = { team: "conformance", tier: "gold" };
    const request = portRequest(t, "as-asked", PORT_ROLE_INITIATOR, { labels });
    const port = await createPortFrom(t, request);
    const tenantId = await resolveTenantId(t, "tenantA");
    t.equal(
      { name: port.name, role: port.role, hostId: port.hostId, systemId: port.systemId, labels: port.labels, tenantId: port.workload?.tenantId, applicationId: port.workload?.applicationId },
      { name: request.name, role: PORT_ROLE_INITIATOR, hostId: request.hostId, systemId: "", labels, tenantId, applicationId: t.config.applicationId },
      "CreatePort must carry name, role, host_id, system_id, labels and workload as asked (the caller's tenant)");
    t.ensure(port.portId !== "", "CreatePort answered a port without port_id");
    t.ensure(port.speedBytesPerSecond > 0n, `port ${port.portId} has speed_bytes_per_second ${port.speedBytesPerSecond}; the server MUST set it above 0`);
    t.ensure(port.bufferFrames >= 1, `port ${port.portId} has buffer_frames ${port.bufferFrames}; the server MUST set it to at least 1`);
    t.ensure(port.storageBound === false, `initiator ${port.portId} has storage_bound true; it is always false for an initiator`);
    const { port: got } = await t.expectCode(t.tenantA.fabricPorts.getPort({ portId: port.portId }), Code.OK, `GetPort ${port.portId}`);
    t.equal(got, port, `GetPort ${port.portId} must answer the port CreatePort answered`);
  });

check("PortService answers each error of its table: INVALID_ARGUMENT naming the field, PERMISSION_DENIED, NOT_FOUND [fabric] [ports] [errors]",
  { covers: ["FAB-PORT-1", "FAB-PORT-2", "FAB-PORT-3", "FAB-PORT-4", "FAB-PORT-5", "FAB-SVC-1"] }, async (t) => {
    const initiator = (fields: Partial<fabric.CreatePortRequest>) => ({ ...portRequest(t, "errors", PORT_ROLE_INITIATOR), ...fields });
    const target = (fields: Partial<fabric.CreatePortRequest>) => ({ ...portRequest(t, "errors", PORT_ROLE_TARGET), ...fields });
    const rows: [string, string, fabric.CreatePortRequest][] = [
      ["name", "without name", initiator({ name: "" })],
      ["name", "with a name of 129 bytes", initiator({ name: "n".repeat(129) })],
      ["workload.application_id", "without workload.application_id", initiator({ workload: { tenantId: "", applicationId: "", component: "" } })],
      ["role", "without role", initiator({ role: fabric.PortRole.PORT_ROLE_UNSPECIFIED })],
      ["host_id", "of an initiator without host_id", initiator({ hostId: "" })],
      ["host_id", "of a target with a host_id", target({ hostId: "host-1" })],
      ["system_id", "of a target without system_id", target({ systemId: "" })],
      ["system_id", "of an initiator with a system_id", initiator({ systemId: "system-1" })],
    ];
    for (const [field, situation, request] of rows) await expectInvalidField(t, t.tenantA.fabricPorts.createPort(request), field, `CreatePort ${situation}`);
    const tenantB = await resolveTenantId(t, "tenantB");
    await t.expectCode(t.tenantA.fabricPorts.createPort(portRequest(t, "foreign", PORT_ROLE_INITIATOR, { tenantId: tenantB })), Code.PERMISSION_DENIED,
      "CreatePort by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
    await expectInvalidField(t, t.tenantA.fabricPorts.getPort({ portId: "" }), "port_id", "GetPort without port_id");
    await t.expectCode(t.tenantA.fabricPorts.getPort({ portId: uniqueName("unknown") }), Code.NOT_FOUND, "GetPort of an unknown port", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await expectInvalidField(t, t.tenantA.fabricPorts.deletePort({ portId: "" }), "port_id", "DeletePort without port_id");
    await t.expectCode(t.tenantA.fabricPorts.deletePort({ portId: uniqueName("unknown") }), Code.OK, "DeletePort of an unknown port");
    await expectInvalidField(t, t.tenantA.fabricPorts.listPorts({ page: { pageSize: -1, pageToken: "" }, applicationId: "", role: 0 }), "page.page_size", "ListPorts with page_size -1");
    await expectInvalidField(t, t.tenantA.fabricPorts.listPorts({ page: undefined, applicationId: "", role: 7 as fabric.PortRole }), "role", "ListPorts with role 7");
  });

check("CreatePort is idempotent on its name per tenant; a name reused with another role, host or labels answers ALREADY_EXISTS [fabric] [ports] [idempotency]",
  { covers: ["FAB-PORT-1"] }, async (t) => {
    const request = portRequest(t, "idem", PORT_ROLE_TARGET, { labels: { a: "1" } });
    const first = await createPortFrom(t, request);
    const again = await createPortFrom(t, request);
    t.equal(again.portId, first.portId, `CreatePort "${request.name}" repeated must answer the existing port`);
    const variants: [string, fabric.CreatePortRequest][] = [
      ["system_id", { ...request, systemId: `${request.systemId}-other` }],
      ["labels", { ...request, labels: { a: "2" } }],
    ];
    for (const [field, variant] of variants) {
      await t.expectCode(t.tenantA.fabricPorts.createPort(variant), Code.ALREADY_EXISTS, `CreatePort "${request.name}" again with another ${field}`,
        Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
    }
    const ofB = await createPortFrom(t, request, t.tenantB);
    t.ensure(ofB.portId !== first.portId, `tenant B's CreatePort "${request.name}" returned tenant A's port; names are unique per tenant only`);
  });

check("ListPorts filtered by role and by application_id lists exactly those ports [fabric] [ports] [pagination]", {}, async (t) => {
  const applicationId = uniqueName("list-roles");
  const initiators = await Promise.all([0, 1].map((i) => createInitiator(t, `roles-i${i}`, { applicationId })));
  const targets = await Promise.all([0, 1, 2].map((i) => createTarget(t, `roles-t${i}`, { applicationId })));
  const list = (role: fabric.PortRole) => walkPages(t, `ListPorts of application ${applicationId} and role ${fabric.portRoleToJSON(role)}`, async (page) => {
    const answer = await t.tenantA.fabricPorts.listPorts({ page, applicationId, role });
    return { items: answer.ports, page: answer.page };
  });
  const sorted = (ports: fabric.Port[]) => ports.map((p) => p.portId).sort();
  t.equal(sorted(await list(PORT_ROLE_TARGET)), sorted(targets), "ListPorts filtered by role PORT_ROLE_TARGET served other ports than the application's targets");
  t.equal(sorted(await list(PORT_ROLE_INITIATOR)), sorted(initiators), "ListPorts filtered by role PORT_ROLE_INITIATOR served other ports than the application's initiators");
});

check("DeletePort of a port a zone lists answers FAILED_PRECONDITION and keeps it; once the zone is gone it deletes [fabric] [ports] [zones]",
  { covers: ["FAB-ZONE-1"] }, async (t) => {
    const { initiator, zone } = await createZonedPair(t, "busy");
    await t.expectCode(t.tenantA.fabricPorts.deletePort({ portId: initiator.portId }), Code.FAILED_PRECONDITION, "DeletePort of a port a zone lists",
      Reason.ERROR_REASON_RESOURCE_BUSY);
    await t.expectCode(t.tenantA.fabricPorts.getPort({ portId: initiator.portId }), Code.OK, "GetPort after the refused DeletePort");
    await t.expectCode(t.tenantA.fabricZones.deleteZone({ zoneId: zone.zoneId }), Code.OK, "DeleteZone");
    await t.expectCode(t.tenantA.fabricPorts.deletePort({ portId: initiator.portId }), Code.OK, "DeletePort once no zone lists it");
    await t.expectCode(t.tenantA.fabricPorts.getPort({ portId: initiator.portId }), Code.NOT_FOUND, "GetPort of the deleted port", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });
