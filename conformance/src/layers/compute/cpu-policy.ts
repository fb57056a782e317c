import { core, rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./compute-checks.js";
import { createInstance, setCpuPolicy } from "./support/compute-instances.js";
import { policiesOf } from "./support/list-pages.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const SHARES = core.Feature.FEATURE_COMPUTE_CPU_SHARES;
const LIMITS = core.Feature.FEATURE_COMPUTE_CPU_LIMITS;

const policy = (target: compute.CpuPolicyTarget, fields: Partial<compute.CpuPolicy> = {}) => compute.CpuPolicy.fromPartial({ ...fields, target });

/** The fields of a policy the endpoint declares it honours: shares and limits only with their features. */
function honoured(t: { has(feature: core.Feature): boolean }, shares: number, limit: number): Partial<compute.CpuPolicy> {
  return { cpuShares: t.has(SHARES) ? shares : 0, cpuLimitMillicores: t.has(LIMITS) ? limit : 0 };
}

check("SetCpuPolicy is idempotent and replaces the policy; GetCpuPolicy, ListCpuPolicies and DeleteCpuPolicy follow it, for an instance and the caller's tenant [compute] [cpu-policy] [idempotency]",
  { covers: ["CORE-IDEM-3", "CORE-IDEM-4", "CORE-COMP-1", "COMP-SVC-1"] }, async (t) => {
    const { instanceId } = await createInstance(t, "policy-idem");
    const tenantA = await resolveTenantId(t, "tenantA");
    const wanted = policy({ instanceId }, honoured(t, 250, 4000));
    const answers = await t.repeat((i) => t.expectCode(t.tenantA.cpuPolicies.setCpuPolicy({ policy: wanted }), Code.OK, `SetCpuPolicy (call ${i + 1})`));
    t.track(() => t.tenantA.cpuPolicies.deleteCpuPolicy({ target: { instanceId } }), "DeleteCpuPolicy");
    const expected = { ...wanted, tenantId: tenantA };
    for (const answer of answers) t.equal(answer.policy, expected, "SetCpuPolicy must answer the policy as stored, with tenant_id set to the target's tenant");
    const { policy: got } = await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { instanceId } }), Code.OK, "GetCpuPolicy");
    t.equal(got, expected, "GetCpuPolicy must return the policy set");
    const listed = (await walkPages(t, "ListCpuPolicies", policiesOf(t.tenantA))).filter((p) => p.target?.instanceId === instanceId);
    t.equal(listed, [expected], "ListCpuPolicies must list the instance's policy once, as stored");
    const replacement = policy({ instanceId }, honoured(t, 400, 0));
    await t.expectCode(t.tenantA.cpuPolicies.setCpuPolicy({ policy: replacement }), Code.OK, "SetCpuPolicy with other values");
    const { policy: replaced } = await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { instanceId } }), Code.OK, "GetCpuPolicy after the replacement");
    t.equal(replaced, { ...replacement, tenantId: tenantA }, "SetCpuPolicy on a target with a policy must replace it");
    await t.repeat((i) => t.expectCode(t.tenantA.cpuPolicies.deleteCpuPolicy({ target: { instanceId } }), Code.OK, `DeleteCpuPolicy (call ${i + 1})`));
    await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { instanceId } }), Code.NOT_FOUND, "GetCpuPolicy after DeleteCpuPolicy",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);

    // Shares far from anything another check relies on, and no limit: no other check is slowed.
    const stored = await setCpuPolicy(t, policy({ tenantId: tenantA }, honoured(t, 100, 0)));
    t.equal([stored.target?.tenantId, stored.tenantId], [tenantA, tenantA], "SetCpuPolicy on the caller's tenant must store it for that tenant");
    await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { tenantId: tenantA } }), Code.OK, "GetCpuPolicy of the caller's tenant");
    await t.expectCode(t.tenantA.cpuPolicies.deleteCpuPolicy({ target: { tenantId: tenantA } }), Code.OK, "DeleteCpuPolicy of the caller's tenant");
    await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { tenantId: tenantA } }), Code.NOT_FOUND, "GetCpuPolicy of the tenant after the delete",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });

check("CpuPolicyService answers each error of its table: INVALID_ARGUMENT naming the field, PERMISSION_DENIED for another tenant, NOT_FOUND for its instance [compute] [cpu-policy] [errors]",
  { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-TEN-6"] }, async (t) => {
    const { instanceId } = await createInstance(t, "policy-errors");
    await expectInvalidField(t, t.tenantA.cpuPolicies.setCpuPolicy({ policy: undefined }), "policy.target", "SetCpuPolicy without a policy");
    await expectInvalidField(t, t.tenantA.cpuPolicies.setCpuPolicy({ policy: compute.CpuPolicy.fromPartial({}) }), "policy.target", "SetCpuPolicy of a policy without a target");
    await expectInvalidField(t, t.tenantA.cpuPolicies.setCpuPolicy({ policy: policy({ instanceId }, { cpuShares: 10_001 }) }), "policy.cpu_shares",
      "SetCpuPolicy with cpu_shares 10001");
    // A oneof field set to the empty string is set: refused naming it, never read as "not set".
    await expectInvalidField(t, t.tenantA.cpuPolicies.setCpuPolicy({ policy: policy({ instanceId: "" }) }), "policy.target.instance_id",
      "SetCpuPolicy with target.instance_id set to the empty string");
    await expectInvalidField(t, t.tenantA.cpuPolicies.getCpuPolicy({ target: { tenantId: "" } }), "target.tenant_id",
      "GetCpuPolicy with target.tenant_id set to the empty string");
    await expectInvalidField(t, t.tenantA.cpuPolicies.getCpuPolicy({ target: undefined }), "target", "GetCpuPolicy without a target");
    await expectInvalidField(t, t.tenantA.cpuPolicies.deleteCpuPolicy({ target: undefined }), "target", "DeleteCpuPolicy without a target");
    await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { instanceId } }), Code.NOT_FOUND, "GetCpuPolicy of an instance without a policy",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);

    const tenantB = await resolveTenantId(t, "tenantB");
    const call = t.tenantA.cpuPolicies.setCpuPolicy({ policy: policy({ tenantId: tenantB }) });
    call.then(() => t.track(() => t.tenantB.cpuPolicies.deleteCpuPolicy({ target: { tenantId: tenantB } }), "DeleteCpuPolicy"), () => undefined);
    await t.expectCode(call, Code.PERMISSION_DENIED, "SetCpuPolicy by tenant A on tenant B's tenant target", Reason.ERROR_REASON_TENANT_MISMATCH);
    await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { tenantId: tenantB } }), Code.PERMISSION_DENIED,
      "GetCpuPolicy by tenant A of tenant B's tenant target", Reason.ERROR_REASON_TENANT_MISMATCH);
    await t.expectCode(t.tenantA.cpuPolicies.deleteCpuPolicy({ target: { tenantId: tenantB } }), Code.PERMISSION_DENIED,
      "DeleteCpuPolicy by tenant A of tenant B's tenant target", Reason.ERROR_REASON_TENANT_MISMATCH);

    const ofB = await createInstance(t, "policy-foreign", { as: t.tenantB });
    const own = await setCpuPolicy(t, policy({ instanceId: ofB.instanceId }), t.tenantB);
    await t.expectCode(t.tenantA.cpuPolicies.setCpuPolicy({ policy: policy({ instanceId: ofB.instanceId }) }), Code.NOT_FOUND,
      "SetCpuPolicy by tenant A on tenant B's instance", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { instanceId: ofB.instanceId } }), Code.NOT_FOUND,
      "GetCpuPolicy by tenant A of tenant B's instance", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await t.expectCode(t.tenantA.cpuPolicies.deleteCpuPolicy({ target: { instanceId: ofB.instanceId } }), Code.OK, "DeleteCpuPolicy by tenant A of tenant B's instance");
    const { policy: kept } = await t.expectCode(t.tenantB.cpuPolicies.getCpuPolicy({ target: { instanceId: ofB.instanceId } }), Code.OK,
      "GetCpuPolicy by tenant B of its own instance");
    t.equal(kept, own, "tenant A's SetCpuPolicy or DeleteCpuPolicy changed tenant B's policy");
  });

check("SetCpuPolicy with cpu_shares answers UNIMPLEMENTED when FEATURE_COMPUTE_CPU_SHARES is not declared [compute] [cpu-policy] [capabilities]", { covers: ["CORE-CAP-2"] }, async (t) => {
  if (t.has(SHARES)) t.skip("the endpoint declares FEATURE_COMPUTE_CPU_SHARES");
  const { instanceId } = await createInstance(t, "no-shares");
  await t.expectCode(t.tenantA.cpuPolicies.setCpuPolicy({ policy: policy({ instanceId }, { cpuShares: 300 }) }), Code.UNIMPLEMENTED,
    "SetCpuPolicy with cpu_shares on an endpoint that does not declare FEATURE_COMPUTE_CPU_SHARES", Reason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
  await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { instanceId } }), Code.NOT_FOUND, "GetCpuPolicy after the refused SetCpuPolicy",
    Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});

check("SetCpuPolicy with cpu_limit_millicores answers UNIMPLEMENTED when FEATURE_COMPUTE_CPU_LIMITS is not declared [compute] [cpu-policy] [capabilities]", { covers: ["CORE-CAP-2"] }, async (t) => {
  if (t.has(LIMITS)) t.skip("the endpoint declares FEATURE_COMPUTE_CPU_LIMITS");
  const { instanceId } = await createInstance(t, "no-limits");
  await t.expectCode(t.tenantA.cpuPolicies.setCpuPolicy({ policy: policy({ instanceId }, { cpuLimitMillicores: 500 }) }), Code.UNIMPLEMENTED,
    "SetCpuPolicy with cpu_limit_millicores on an endpoint that does not declare FEATURE_COMPUTE_CPU_LIMITS", Reason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
  await t.expectCode(t.tenantA.cpuPolicies.getCpuPolicy({ target: { instanceId } }), Code.NOT_FOUND, "GetCpuPolicy after the refused SetCpuPolicy",
    Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});
