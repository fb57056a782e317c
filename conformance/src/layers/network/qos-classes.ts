import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./network-checks.js";
import { createNetwork, createPort, setQosClass } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("SetQosClass is idempotent and replaces a class under the same id; QosService answers every row of its error tables [network] [qos] [idempotency] [errors]", { covers: ["NET-SVC-1", "CORE-IDEM-3", "CORE-IDEM-4", "CORE-ERR-7", "CORE-ERR-3", "CORE-TEN-5", "CORE-TEN-6", "CORE-TEN-7", "CORE-COMP-1"] }, async (t) => {
  const app = t.config.applicationId;
  const tenantA = await resolveTenantId(t, "tenantA");
  const wanted = network.QosClass.fromPartial({ name: uniqueName("class"), workload: { applicationId: app }, maxBandwidthBytesPerSecond: 1_000_000n });
  const answers = await t.repeat((i) => t.expectCode(t.tenantA.qosClasses.setQosClass({ qosClass: wanted }), Code.OK, `SetQosClass (call ${i + 1})`));
  const stored = answers[0]!.qosClass!;
  t.track(() => t.tenantA.qosClasses.deleteQosClass({ qosClassId: stored.qosClassId }), `DeleteQosClass ${stored.qosClassId}`);
  t.ensure(stored.qosClassId !== "", "SetQosClass answered a class without qos_class_id; the server assigns one");
  const expected = { ...wanted, qosClassId: stored.qosClassId, workload: { ...wanted.workload!, tenantId: tenantA } };
  for (const answer of answers) t.equal(answer.qosClass, expected, "SetQosClass repeated must answer the class as stored, same qos_class_id, tenant set");
  const replacement = { ...wanted, maxBandwidthBytesPerSecond: 2_000_000n };
  const { qosClass: replaced } = await t.expectCode(t.tenantA.qosClasses.setQosClass({ qosClass: replacement }), Code.OK, "SetQosClass with another bandwidth");
  t.equal(replaced?.qosClassId, stored.qosClassId, "SetQosClass replacing a class must keep its qos_class_id (ports name the class by it)");
  const { qosClass: got } = await t.expectCode(t.tenantA.qosClasses.getQosClass({ qosClassId: stored.qosClassId }), Code.OK, "GetQosClass after the replacement");
  t.equal(got?.maxBandwidthBytesPerSecond, 2_000_000n, "GetQosClass must return the replaced class");
  const listed = (await walkPages(t, "ListQosClasses", async (page) => {
    const answer = await t.tenantA.qosClasses.listQosClasses({ page });
    return { items: answer.qosClasses, page: answer.page };
  })).filter((c) => c.qosClassId === stored.qosClassId);
  t.equal(listed.length, 1, "ListQosClasses must list the class once");

  const set = (qosClass: network.QosClass | undefined) => t.tenantA.qosClasses.setQosClass({ qosClass });
  await expectInvalidField(t, set(undefined), "qos_class", "SetQosClass without a class");
  await expectInvalidField(t, set({ ...wanted, name: "" }), "qos_class.name", "SetQosClass without a name");
  await expectInvalidField(t, set({ ...wanted, workload: { applicationId: "", tenantId: "", component: "" } }), "qos_class.workload.application_id",
    "SetQosClass without workload.application_id");
  await expectInvalidField(t, set({ ...wanted, priority: 99 as network.Priority }), "qos_class.priority", "SetQosClass with an unknown priority (99)");
  const tenantB = await resolveTenantId(t, "tenantB");
  const foreign = set({ ...wanted, name: uniqueName("foreign"), workload: { applicationId: app, tenantId: tenantB, component: "" } });
  foreign.then(({ qosClass }) => qosClass && t.track(() => t.tenantB.qosClasses.deleteQosClass({ qosClassId: qosClass.qosClassId }), "DeleteQosClass"), () => undefined);
  await t.expectCode(foreign, Code.PERMISSION_DENIED, "SetQosClass by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);

  await expectInvalidField(t, t.tenantA.qosClasses.getQosClass({ qosClassId: "" }), "qos_class_id", "GetQosClass without qos_class_id");
  await t.expectCode(t.tenantA.qosClasses.getQosClass({ qosClassId: uniqueName("absent") }), Code.NOT_FOUND, "GetQosClass of an unknown class", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(t.tenantB.qosClasses.getQosClass({ qosClassId: stored.qosClassId }), Code.NOT_FOUND, "GetQosClass by tenant B of tenant A's class",
    Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await expectInvalidField(t, t.tenantA.qosClasses.deleteQosClass({ qosClassId: "" }), "qos_class_id", "DeleteQosClass without qos_class_id");
  await t.expectCode(t.tenantB.qosClasses.deleteQosClass({ qosClassId: stored.qosClassId }), Code.OK, "DeleteQosClass by tenant B of tenant A's class");
  await t.expectCode(t.tenantA.qosClasses.getQosClass({ qosClassId: stored.qosClassId }), Code.OK, "GetQosClass after tenant B's DeleteQosClass");

  const used = await setQosClass(t, "used", { maxBandwidthBytesPerSecond: 1n << 30n });
  const made = await createNetwork(t, "qos-used");
  await createPort(t, made.networkId, "classed", { qosClassId: used.qosClassId });
  await t.expectCode(t.tenantA.qosClasses.deleteQosClass({ qosClassId: used.qosClassId }), Code.FAILED_PRECONDITION, "DeleteQosClass of a class a port names",
    Reason.ERROR_REASON_RESOURCE_BUSY);
  await t.repeat((i) => t.expectCode(t.tenantA.qosClasses.deleteQosClass({ qosClassId: stored.qosClassId }), Code.OK, `DeleteQosClass (call ${i + 1})`));
  await t.expectCode(t.tenantA.qosClasses.getQosClass({ qosClassId: stored.qosClassId }), Code.NOT_FOUND, "GetQosClass after DeleteQosClass", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});
