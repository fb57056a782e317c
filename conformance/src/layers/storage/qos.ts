import { core, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { policiesOf } from "./support/list-pages.js";
import { createVolume } from "./support/storage-volumes.js";
import { policy, setPolicy } from "./support/qos-policies.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const LATENCY_TARGET = core.Feature.FEATURE_STORAGE_QOS_LATENCY_TARGET;


check("SetQosPolicy is idempotent and replaces the policy; GetQosPolicy and ListQosPolicies return it as stored [storage] [qos] [idempotency]", { covers: ["CORE-IDEM-3", "CORE-COMP-1", "STOR-SVC-1"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-idem");
  const tenantA = await resolveTenantId(t, "tenantA");
  const wanted = policy({ volumeId }, { maxIops: 5000n, maxBandwidthBytesPerSecond: 50_000_000n, reservedIops: 100n, priority: storage.Priority.PRIORITY_HIGH });
  const answers = await t.repeat((i) => t.expectCode(t.tenantA.qos.setQosPolicy({ policy: wanted }), Code.OK, `SetQosPolicy (call ${i + 1})`));
  t.track(() => t.tenantA.qos.deleteQosPolicy({ target: { volumeId } }), "DeleteQosPolicy");
  const expected = { ...wanted, tenantId: tenantA };
  for (const answer of answers) t.equal(answer.policy, expected, "SetQosPolicy must answer the policy as stored, with tenant_id set to the target's tenant");
  const { policy: got } = await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { volumeId } }), Code.OK, "GetQosPolicy");
  t.equal(got, expected, "GetQosPolicy must return the policy set");
  const listed = (await walkPages(t, "ListQosPolicies", policiesOf(t.tenantA))).filter((p) => p.target?.volumeId === volumeId);
  t.equal(listed, [expected], "ListQosPolicies must list the volume's policy once, as stored");
  const replacement = policy({ volumeId }, { maxIops: 7000n });
  await t.expectCode(t.tenantA.qos.setQosPolicy({ policy: replacement }), Code.OK, "SetQosPolicy with other limits");
  const { policy: replaced } = await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { volumeId } }), Code.OK, "GetQosPolicy after the replacement");
  t.equal(replaced, { ...replacement, tenantId: tenantA }, "SetQosPolicy on a target with a policy must replace it");
});

check("DeleteQosPolicy is idempotent, and GetQosPolicy then answers NOT_FOUND [storage] [qos] [idempotency]", { covers: ["CORE-IDEM-4", "CORE-ERR-7"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-delete");
  await setPolicy(t, policy({ volumeId }, { maxIops: 5000n }));
  await t.repeat((i) => t.expectCode(t.tenantA.qos.deleteQosPolicy({ target: { volumeId } }), Code.OK, `DeleteQosPolicy (call ${i + 1})`));
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { volumeId } }), Code.NOT_FOUND, "GetQosPolicy after DeleteQosPolicy", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("GetQosPolicy of a target without a policy answers NOT_FOUND [storage] [qos] [errors]", { covers: ["CORE-ERR-7"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-none");
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { volumeId } }), Code.NOT_FOUND, "GetQosPolicy of a volume without a policy", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("The caller's own tenant target takes a policy: set, get and delete [storage] [qos]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const tenantId = await resolveTenantId(t, "tenantA");
  // Limits far above anything the suite drives, so that no other check is slowed.
  const stored = await setPolicy(t, policy({ tenantId }, { maxIops: 1_000_000n }));
  t.equal([stored.target?.tenantId, stored.tenantId], [tenantId, tenantId], "SetQosPolicy on the caller's tenant must store it for that tenant");
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { tenantId } }), Code.OK, "GetQosPolicy of the caller's tenant");
  await t.expectCode(t.tenantA.qos.deleteQosPolicy({ target: { tenantId } }), Code.OK, "DeleteQosPolicy of the caller's tenant");
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { tenantId } }), Code.NOT_FOUND, "GetQosPolicy after the delete", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("SetQosPolicy without a policy answers INVALID_ARGUMENT naming policy.target [storage] [qos] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  await expectInvalidField(t, t.tenantA.qos.setQosPolicy({ policy: undefined }), "policy.target", "SetQosPolicy without a policy");
});

check("SetQosPolicy rejects a policy without a target, reserved_iops above max_iops and an unknown priority, naming the field [storage] [qos] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-invalid");
  const rows: [string, string, storage.SetQosPolicyRequest][] = [
    ["policy.target", "with a policy without a target", { policy: storage.QosPolicy.fromPartial({ maxIops: 10n }) }],
    ["policy.reserved_iops", "with reserved_iops 50 above max_iops 40", { policy: policy({ volumeId }, { maxIops: 40n, reservedIops: 50n }) }],
    ["policy.priority", "with an unknown priority (99)", { policy: policy({ volumeId }, { priority: 99 as storage.Priority }) }],
  ];
  for (const [field, situation, request] of rows) {
    await expectInvalidField(t, t.tenantA.qos.setQosPolicy(request), field, `SetQosPolicy ${situation}`);
  }
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { volumeId } }), Code.NOT_FOUND, "GetQosPolicy after the refused sets", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("GetQosPolicy and DeleteQosPolicy without a target answer INVALID_ARGUMENT naming target [storage] [qos] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
  await expectInvalidField(t, t.tenantA.qos.getQosPolicy({ target: undefined }), "target", "GetQosPolicy without a target");
  await expectInvalidField(t, t.tenantA.qos.deleteQosPolicy({ target: undefined }), "target", "DeleteQosPolicy without a target");
});

check("QoS calls naming tenant B's tenant target answer PERMISSION_DENIED [storage] [qos] [tenancy]", { covers: ["CORE-TEN-6", "CORE-ERR-7"] }, async (t) => {
  const tenantId = await resolveTenantId(t, "tenantB");
  const call = t.tenantA.qos.setQosPolicy({ policy: policy({ tenantId }, { maxIops: 1_000_000n }) });
  call.then(() => t.track(() => t.tenantB.qos.deleteQosPolicy({ target: { tenantId } }), "DeleteQosPolicy"), () => undefined);
  await t.expectCode(call, Code.PERMISSION_DENIED, "SetQosPolicy by tenant A on tenant B's tenant target", Reason.ERROR_REASON_TENANT_MISMATCH);
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { tenantId } }), Code.PERMISSION_DENIED,
    "GetQosPolicy by tenant A of tenant B's tenant target", Reason.ERROR_REASON_TENANT_MISMATCH);
  await t.expectCode(t.tenantA.qos.deleteQosPolicy({ target: { tenantId } }), Code.PERMISSION_DENIED,
    "DeleteQosPolicy by tenant A of tenant B's tenant target", Reason.ERROR_REASON_TENANT_MISMATCH);
});

check("QoS calls on another tenant's volume answer NOT_FOUND, and its DeleteQosPolicy answers OK and changes nothing [storage] [qos] [tenancy]", { covers: ["CORE-TEN-5", "CORE-TEN-7"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-foreign", { as: t.tenantB });
  const own = await setPolicy(t, policy({ volumeId }, { maxIops: 5000n }), t.tenantB);
  const call = t.tenantA.qos.setQosPolicy({ policy: policy({ volumeId }, { maxIops: 1n }) });
  await t.expectCode(call, Code.NOT_FOUND, "SetQosPolicy by tenant A on tenant B's volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { volumeId } }), Code.NOT_FOUND, "GetQosPolicy by tenant A of tenant B's volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(t.tenantA.qos.deleteQosPolicy({ target: { volumeId } }), Code.OK, "DeleteQosPolicy by tenant A of tenant B's volume");
  const { policy: kept } = await t.expectCode(t.tenantB.qos.getQosPolicy({ target: { volumeId } }), Code.OK, "GetQosPolicy by tenant B of its own volume");
  t.equal(kept, own, "tenant A's SetQosPolicy or DeleteQosPolicy changed tenant B's policy");
});

check("SetQosPolicy with latency_target_ns answers UNIMPLEMENTED when FEATURE_STORAGE_QOS_LATENCY_TARGET is not declared [storage] [qos] [capabilities]", { covers: ["CORE-CAP-2"] }, async (t) => {
  if (t.has(LATENCY_TARGET)) t.skip("the endpoint declares FEATURE_STORAGE_QOS_LATENCY_TARGET");
  const { volumeId } = await createVolume(t, "qos-latency");
  await t.expectCode(t.tenantA.qos.setQosPolicy({ policy: policy({ volumeId }, { latencyTargetNs: 1_000_000n }) }), Code.UNIMPLEMENTED,
    "SetQosPolicy with latency_target_ns on an endpoint that does not declare FEATURE_STORAGE_QOS_LATENCY_TARGET", Reason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
});

check("SetQosPolicy stores latency_target_ns [storage] [qos] [capabilities]", { requires: [LATENCY_TARGET], covers: ["CORE-CAP-3"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-latency");
  const stored = await setPolicy(t, policy({ volumeId }, { latencyTargetNs: 1_000_000n, priority: storage.Priority.PRIORITY_CRITICAL }));
  t.equal(stored.latencyTargetNs, 1_000_000n, "SetQosPolicy must store latency_target_ns when the endpoint declares FEATURE_STORAGE_QOS_LATENCY_TARGET");
});

/** Asserts INVALID_ARGUMENT whose BadRequest names `field` or a field under it (`policy.target.volume_id` for `policy.target`). */
async function expectInvalidTarget(t: StorageContext, call: Promise<unknown>, field: string, what: string): Promise<void> {
  const error = await t.expectCode(call, Code.INVALID_ARGUMENT, what, Reason.ERROR_REASON_INVALID_FIELD);
  const named = error.fieldViolations.map((v) => v.field);
  t.ensure(named.includes(field), `${what}: the BadRequest details name ${named.length ? `[${named.join(", ")}]` : "no field"}; `
    + `the standard requires a field violation naming "${field}"`);
}

check("QoS calls with a target present but empty, or an empty target.volume_id or tenant_id, answer INVALID_ARGUMENT naming the target [storage] [qos] [errors]",
  { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
    // Present but empty names the target; a target field set to "" names that field (docs/storage.md, SetQosPolicy).
    const targets: [string, storage.QosTarget, string][] = [
      ["present but empty", {}, ""], ["with an empty volume_id", { volumeId: "" }, ".volume_id"], ["with an empty tenant_id", { tenantId: "" }, ".tenant_id"],
    ];
    for (const [situation, target, within] of targets) {
      const set = t.tenantA.qos.setQosPolicy({ policy: policy(target, { maxIops: 10n }) });
      set.then(() => t.track(() => t.tenantA.qos.deleteQosPolicy({ target }), "DeleteQosPolicy"), () => undefined);
      await expectInvalidTarget(t, set, `policy.target${within}`, `SetQosPolicy with policy.target ${situation}`);
      await expectInvalidTarget(t, t.tenantA.qos.getQosPolicy({ target }), `target${within}`, `GetQosPolicy with target ${situation}`);
      await expectInvalidTarget(t, t.tenantA.qos.deleteQosPolicy({ target }), `target${within}`, `DeleteQosPolicy with target ${situation}`);
    }
  });

check("SetQosPolicy takes reserved_iops equal to max_iops, and any reserved_iops with max_iops 0 (no limit) [storage] [qos]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-reserved");
  for (const [situation, fields] of [
    ["reserved_iops 40 equal to max_iops 40", { maxIops: 40n, reservedIops: 40n }],
    ["reserved_iops 50 with max_iops 0 (no limit)", { maxIops: 0n, reservedIops: 50n }],
  ] as const) {
    const call = t.tenantA.qos.setQosPolicy({ policy: policy({ volumeId }, fields) });
    call.then(() => t.track(() => t.tenantA.qos.deleteQosPolicy({ target: { volumeId } }), "DeleteQosPolicy"), () => undefined);
    const { policy: stored } = await t.expectCode(call, Code.OK, `SetQosPolicy with ${situation} (the standard refuses reserved_iops only above a non-zero max_iops)`);
    t.equal({ maxIops: stored?.maxIops, reservedIops: stored?.reservedIops }, fields, `SetQosPolicy with ${situation} must answer the policy as stored`);
  }
});

check("DeleteVolume removes the volume's QoS policy [storage] [qos] [volumes]", { covers: ["STOR-VOL-5"] }, async (t) => {
  const { volumeId } = await createVolume(t, "qos-deleted");
  await setPolicy(t, policy({ volumeId }, { maxIops: 5000n }));
  await t.expectCode(t.tenantA.volumes.deleteVolume({ volumeId }), Code.OK, `DeleteVolume ${volumeId}`);
  for (const [who, as] of [["tenant A", t.tenantA], ["the operator", t.operator]] as const) {
    const left = (await walkPages(t, `ListQosPolicies by ${who}`, policiesOf(as))).filter((p) => p.target?.volumeId === volumeId);
    t.ensure(left.length === 0, `ListQosPolicies by ${who} still lists the policy of volume ${volumeId} after DeleteVolume; the standard removes a deleted volume's policy with it`);
  }
  await t.expectCode(t.tenantA.qos.getQosPolicy({ target: { volumeId } }), Code.NOT_FOUND, "GetQosPolicy of the deleted volume", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});
