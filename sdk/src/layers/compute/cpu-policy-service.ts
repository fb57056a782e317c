import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { paginate } from "../../server/paginate.js";
import { checkPolicyTarget, namedPolicyTenant, policyTargetOwner, type PolicyTarget } from "../../server/policy-target.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { visibleInstance, type ComputeKit } from "./compute-kit.js";
import { CpuPolicyServiceService, type CpuPolicy, type CpuPolicyTarget } from "./contracts.js";
import { policyKey } from "./instance-catalog.js";

/** The most shares a policy may give. */
export const MAX_CPU_SHARES = 10_000;

/**
 * strata.compute.v1.CpuPolicyService over a ComputeKit: stores policies; the
 * backend enforces those it declares. Checks run in the general error order:
 * the request's own fields (all at once), the tenant it names, the capability
 * it needs, the instance it addresses.
 */
export function createCpuPolicyService(kit: ComputeKit) {
  return defineService(CpuPolicyServiceService, {
    setCpuPolicy: (request, ctx) => kit.exclusive(async () => {
      const policy = request.policy;
      const checks = checkPolicyTarget(validate(), asPolicyTarget(policy?.target), "policy.target", "instance_id");
      if (policy && policy.cpuShares > MAX_CPU_SHARES) checks.add("policy.cpu_shares", `must be at most ${MAX_CPU_SHARES}`);
      checks.throwIfAny();
      const target = asPolicyTarget(policy!.target)!;
      const namedTenant = namedPolicyTenant(ctx.principal, target, "policy.target");
      if (policy!.cpuShares !== 0 && !kit.capabilities.has(Feature.FEATURE_COMPUTE_CPU_SHARES)) {
        throw StrataError.capabilityNotSupported("FEATURE_COMPUTE_CPU_SHARES");
      }
      if (policy!.cpuLimitMillicores !== 0 && !kit.capabilities.has(Feature.FEATURE_COMPUTE_CPU_LIMITS)) {
        throw StrataError.capabilityNotSupported("FEATURE_COMPUTE_CPU_LIMITS");
      }
      const tenantId = namedTenant ?? visibleInstance(kit, ctx.principal, target.resourceId!).workload!.tenantId;
      const stored: CpuPolicy = { ...policy!, tenantId };
      kit.catalog.policies.set(policyKey(stored), stored);
      return { policy: stored };
    }),

    getCpuPolicy(request, ctx) {
      const target = asPolicyTarget(request.target);
      checkPolicyTarget(validate(), target, "target", "instance_id").throwIfAny();
      ownerOf(kit, ctx.principal, target!, "target");
      const policy = kit.catalog.policies.get(policyKey(request));
      if (!policy) throw StrataError.notFound("cpu policy", policyKey(request));
      return { policy };
    },

    deleteCpuPolicy: (request, ctx) => kit.exclusive(async () => {
      const target = asPolicyTarget(request.target);
      checkPolicyTarget(validate(), target, "target", "instance_id").throwIfAny();
      namedPolicyTenant(ctx.principal, target!, "target");
      const policy = kit.catalog.policies.get(policyKey(request));
      // Like every delete: absent or another tenant's answers OK and changes nothing.
      if (policy && canAccessTenant(ctx.principal, policy.tenantId)) kit.catalog.policies.delete(policyKey(request));
      return {};
    }),

    listCpuPolicies(request, ctx) {
      const all = [...kit.catalog.policies.values()].filter((p) => canAccessTenant(ctx.principal, p.tenantId));
      const { items, page } = paginate(all, policyKey, request.page, { maxPageSize: kit.maxPageSize, context: ctx });
      return { policies: items, page };
    },
  });
}

function asPolicyTarget(target: CpuPolicyTarget | undefined): PolicyTarget | undefined {
  return target && { tenantId: target.tenantId, resourceId: target.instanceId };
}

/** The tenant owning a checked policy target; PERMISSION_DENIED for a foreign tenant, NOT_FOUND for a foreign instance. */
function ownerOf(kit: ComputeKit, principal: Principal, target: PolicyTarget, field: string): string {
  return policyTargetOwner(principal, target, field, (instanceId) => visibleInstance(kit, principal, instanceId).workload!.tenantId);
}
