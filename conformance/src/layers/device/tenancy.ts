import { core, rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { check } from "./device-checks.js";
import { enrolDevice, enrolFrom, enrolRequest, payloadOf } from "./support/device-enrolment.js";
import { reportsOfDevice } from "./support/list-pages.js";
import { transactCall } from "./support/transact-call.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("Tenant B's UnenrollDevice of tenant A's device answers OK and changes nothing; names are per tenant; the operator enrols for a tenant [device] [tenancy]",
  { covers: ["DEV-ENR-2"] }, async (t) => {
    const enrolled = await enrolDevice(t, "tenant-a");
    const { deviceId } = enrolled;
    await transactCall(t, { deviceId, payload: payloadOf(16, 1), label: "a transaction of tenant A's device" });
    await t.expectCode(t.tenantB.devices.unenrollDevice({ deviceId }), Code.OK, "UnenrollDevice by tenant B of tenant A's device");
    await t.expectCode(t.tenantA.devices.getDevice({ deviceId }), Code.OK, "GetDevice by tenant A after tenant B's UnenrollDevice");
    t.equal((await reportsOfDevice(t, deviceId)).length, 1, "tenant A's reports after tenant B's UnenrollDevice of its device; the reports listed");

    const ofB = await enrolDevice(t, "", { as: t.tenantB, name: enrolled.name });
    t.ensure(ofB.deviceId !== deviceId, `tenant B's EnrollDevice "${enrolled.name}" returned tenant A's device; names are unique per tenant only`);

    const tenantB = await resolveTenantId(t, "tenantB");
    const forB = await enrolFrom(t, enrolRequest(t, "operator-for-b", { tenantId: tenantB }), t.operator);
    t.equal(forB.workload?.tenantId, tenantB, "EnrollDevice by the operator naming tenant B must enrol the device for tenant B");
    await t.expectCode(t.tenantB.devices.getDevice({ deviceId: forB.deviceId }), Code.OK, "GetDevice by tenant B of the device the operator enrolled for it");
    await t.expectCode(t.tenantA.transactions.transact(device.TransactRequest.fromPartial({ deviceId: forB.deviceId, transactionName: "x" })), Code.NOT_FOUND,
      "Transact by tenant A from tenant B's device", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });
