import { core, rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./fabric-checks.js";
import { createPortFrom, createZonedPair, portRequest } from "./support/fabric-ports.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("Tenant B's DeleteZone and DeletePort of tenant A's answer OK and change nothing, B cannot zone A's ports; the operator creates a port for a tenant [fabric] [tenancy]",
  { covers: ["FAB-ZONE-4", "FAB-PORT-2"] }, async (t) => {
    const { initiator, target, zone } = await createZonedPair(t, "tenancy");
    await t.expectCode(t.tenantB.fabricZones.deleteZone({ zoneId: zone.zoneId }), Code.OK, "DeleteZone by tenant B of tenant A's zone");
    const { zone: kept } = await t.expectCode(t.tenantA.fabricZones.getZone({ zoneId: zone.zoneId }), Code.OK, "GetZone by tenant A after tenant B's DeleteZone");
    t.equal(kept?.zoneId, zone.zoneId, "tenant B's DeleteZone removed tenant A's zone");
    await t.expectCode(t.tenantB.fabricPorts.deletePort({ portId: target.portId }), Code.OK, "DeletePort by tenant B of tenant A's zoned target");
    await t.expectCode(t.tenantA.fabricPorts.getPort({ portId: target.portId }), Code.OK, "GetPort by tenant A after tenant B's DeletePort");
    const own = await createPortFrom(t, portRequest(t, "tenancy-b", fabric.PortRole.PORT_ROLE_TARGET), t.tenantB);
    await t.expectCode(t.tenantB.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
      name: "tenancy-b-zone", initiatorPortIds: [initiator.portId], targetPortIds: [own.portId], workload: { applicationId: t.config.applicationId },
    })), Code.NOT_FOUND, "CreateZone by tenant B listing tenant A's initiator", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const listed = await walkPages(t, "ListZones by tenant B of tenant A's initiator", async (page) => {
      const answer = await t.tenantB.fabricZones.listZones({ page, portId: initiator.portId });
      return { items: answer.zones, page: answer.page };
    });
    t.equal(listed.map((z) => z.zoneId), [], "ListZones by tenant B filtered by tenant A's initiator: another tenant's port matches nothing");

    const tenantB = await resolveTenantId(t, "tenantB");
    const forB = await createPortFrom(t, portRequest(t, "operator-for-b", fabric.PortRole.PORT_ROLE_INITIATOR, { tenantId: tenantB }), t.operator);
    t.equal(forB.workload?.tenantId, tenantB, "CreatePort by the operator naming tenant B must create the port for tenant B");
    await t.expectCode(t.tenantB.fabricPorts.getPort({ portId: forB.portId }), Code.OK, "GetPort by tenant B of the port the operator made for it");
    await t.expectCode(t.tenantA.fabricPorts.getPort({ portId: forB.portId }), Code.NOT_FOUND, "GetPort by tenant A of tenant B's port", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });
