import { core, rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./compute-checks.js";
import { attach, createInstance, createInstanceFrom, instanceRequest } from "./support/compute-instances.js";
import { attachmentsOf } from "./support/list-pages.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const VOLUME = compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME;

check("Tenant B's DeleteInstance and Detach of tenant A's instance answer OK and change nothing; names are per tenant; the operator creates for a tenant [compute] [tenancy]",
  { covers: ["CORE-TEN-7", "CORE-IDEM-4", "CORE-TEN-2", "CORE-COMP-1"] }, async (t) => {
    const instance = await createInstance(t, "tenant-a");
    const { instanceId } = instance;
    const targetId = uniqueName("volume");
    await attach(t, instanceId, VOLUME, targetId);
    await t.expectCode(t.tenantB.attachments.detach({ instanceId, kind: VOLUME, targetId }), Code.OK, "Detach by tenant B from tenant A's instance");
    const attached = await walkPages(t, "ListAttachments by tenant A", attachmentsOf(t.tenantA, { instanceId }));
    t.equal(attached.map((a) => a.targetId), [targetId], "tenant B's Detach removed tenant A's attachment");
    await t.expectCode(t.tenantA.attachments.detach({ instanceId, kind: VOLUME, targetId }), Code.OK, "Detach by tenant A");
    await t.expectCode(t.tenantB.instances.deleteInstance({ instanceId }), Code.OK, "DeleteInstance by tenant B of tenant A's instance");
    const { instance: kept } = await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.OK, "GetInstance by tenant A after tenant B's delete");
    t.equal(kept?.state, compute.InstanceState.INSTANCE_STATE_RUNNING, "tenant B's DeleteInstance stopped tenant A's instance");

    const ofB = await createInstance(t, "", { as: t.tenantB, name: instance.name });
    t.ensure(ofB.instanceId !== instanceId, `tenant B's CreateInstance "${instance.name}" returned tenant A's instance; names are unique per tenant only`);

    const tenantB = await resolveTenantId(t, "tenantB");
    const forB = await createInstanceFrom(t, instanceRequest(t, "operator-for-b", { tenantId: tenantB }), t.operator);
    t.equal(forB.workload?.tenantId, tenantB, "CreateInstance by the operator naming tenant B must create the instance for tenant B");
    await t.expectCode(t.tenantB.instances.getInstance({ instanceId: forB.instanceId }), Code.OK, "GetInstance by tenant B of the instance the operator made for it");
    await t.expectCode(t.tenantA.instances.getInstance({ instanceId: forB.instanceId }), Code.NOT_FOUND, "GetInstance by tenant A of tenant B's instance",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });
