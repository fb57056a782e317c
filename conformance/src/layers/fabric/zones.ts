import { core, rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./fabric-checks.js";
import { createInitiator, createTarget, createZone, trackZone, zoneRequest } from "./support/fabric-ports.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("CreateZone answers its port lists as sets in ascending order and is idempotent on its name, the lists compared as sets [fabric] [zones] [idempotency]",
  { covers: ["FAB-ZONE-4"] }, async (t) => {
    const initiators = await Promise.all([0, 1, 2].map((i) => createInitiator(t, `sets-i${i}`)));
    const target = await createTarget(t, "sets-t");
    const ids = initiators.map((p) => p.portId);
    const shuffled = [ids[2]!, ids[0]!, ids[1]!, ids[0]!];
    const zone = await createZone(t, "sets", shuffled, [target.portId]);
    t.equal(zone.initiatorPortIds, [...ids].sort(), "CreateZone must answer initiator_port_ids as a set (each once) in ascending order");
    const request = zoneRequest(t, "", [ids[1]!, ids[2]!, ids[0]!], [target.portId], { name: zone.name });
    const { zone: again } = await t.expectCode(t.tenantA.fabricZones.createZone(request), Code.OK, `CreateZone "${zone.name}" repeated with the same ports in another order`);
    t.equal(again?.zoneId, zone.zoneId, `CreateZone "${zone.name}" repeated must answer the existing zone`);
    await t.expectCode(trackZone(t, t.tenantA.fabricZones.createZone({ ...request, initiatorPortIds: [ids[0]!] })), Code.ALREADY_EXISTS,
      `CreateZone "${zone.name}" again with other initiators`, Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
    const { zone: got } = await t.expectCode(t.tenantA.fabricZones.getZone({ zoneId: zone.zoneId }), Code.OK, `GetZone ${zone.zoneId}`);
    t.equal(got, zone, `GetZone ${zone.zoneId} must answer the zone CreateZone answered`);
  });

check("ZoneService answers each error of its table: INVALID_ARGUMENT naming the field, PERMISSION_DENIED, NOT_FOUND for a foreign port [fabric] [zones] [errors]",
  { covers: ["FAB-ZONE-2", "FAB-ZONE-3", "FAB-ZONE-4", "FAB-SVC-1"] }, async (t) => {
    const [initiator, target] = await Promise.all([createInitiator(t, "zerr-i"), createTarget(t, "zerr-t")]);
    const base = zoneRequest(t, "zone-errors", [initiator.portId], [target.portId]);
    const rows: [string, string, fabric.CreateZoneRequest][] = [
      ["name", "without name", { ...base, name: "" }],
      ["workload.application_id", "without workload.application_id", { ...base, workload: { tenantId: "", applicationId: "", component: "" } }],
      ["initiator_port_ids", "without initiators", { ...base, initiatorPortIds: [] }],
      ["target_port_ids", "without targets", { ...base, targetPortIds: [] }],
      ["initiator_port_ids", "listing a malformed id", { ...base, initiatorPortIds: ["bad id!"] }],
      ["initiator_port_ids", "listing a target among the initiators", { ...base, initiatorPortIds: [target.portId] }],
      ["target_port_ids", "listing an initiator among the targets", { ...base, targetPortIds: [initiator.portId] }],
    ];
    for (const [field, situation, request] of rows) await expectInvalidField(t, trackZone(t, t.tenantA.fabricZones.createZone(request)), field, `CreateZone ${situation}`);
    const tenantB = await resolveTenantId(t, "tenantB");
    await t.expectCode(trackZone(t, t.tenantA.fabricZones.createZone({ ...base, workload: { ...base.workload!, tenantId: tenantB } })), Code.PERMISSION_DENIED,
      "CreateZone by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
    const foreign = await createTarget(t, "zerr-foreign", { as: t.tenantB });
    await t.expectCode(trackZone(t, t.tenantA.fabricZones.createZone({ ...base, targetPortIds: [foreign.portId] })), Code.NOT_FOUND,
      "CreateZone by tenant A listing tenant B's target", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await t.expectCode(trackZone(t, t.tenantA.fabricZones.createZone({ ...base, targetPortIds: [uniqueName("absent")] })), Code.NOT_FOUND,
      "CreateZone listing a port that does not exist", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await expectInvalidField(t, t.tenantA.fabricZones.getZone({ zoneId: "" }), "zone_id", "GetZone without zone_id");
    await t.expectCode(t.tenantA.fabricZones.getZone({ zoneId: uniqueName("unknown") }), Code.NOT_FOUND, "GetZone of an unknown zone", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await expectInvalidField(t, t.tenantA.fabricZones.deleteZone({ zoneId: "" }), "zone_id", "DeleteZone without zone_id");
    await t.expectCode(t.tenantA.fabricZones.deleteZone({ zoneId: uniqueName("unknown") }), Code.OK, "DeleteZone of an unknown zone");
    await expectInvalidField(t, t.tenantA.fabricZones.listZones({ page: undefined, portId: "bad id!" }), "port_id", "ListZones with a malformed port_id");
  });
