import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { QosServiceService, type QosPolicy, type QosTarget } from "./contracts.js";
import { paginate } from "../../server/paginate.js";
import { checkPolicyTarget, namedPolicyTenant, policyTargetOwner, type PolicyTarget } from "../../server/policy-target.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { visibleVolume, type StorageKit } from "./storage-kit.js";
import { policyKey } from "./volume-catalog.js";

/**
 * strata.storage.v1.QosService over a StorageKit: stores policies; the backend
 * enforces them. Checks run in the spec's validation order: the request's own
 * fields (all at once), the tenant it names, the capability it needs, the
 * volume it addresses.
 */
export function createQosService(kit: StorageKit) {
  return defineService(QosServiceService, {
    setQosPolicy: (request, ctx) => kit.exclusive(async () => {
      const policy = request.policy;
      const checks = checkPolicyTarget(validate(), asPolicyTarget(policy?.target), "policy.target", "volume_id");
      if (policy && policy.maxIops !== 0n && policy.reservedIops > policy.maxIops) {
        checks.add("policy.reserved_iops", "must not exceed policy.max_iops");
      }
      checks.throwIfAny();
      const target = asPolicyTarget(policy!.target)!;
      const namedTenant = namedPolicyTenant(ctx.principal, target, "policy.target");
      if (policy!.latencyTargetNs !== 0n && !kit.capabilities.has(Feature.FEATURE_STORAGE_QOS_LATENCY_TARGET)) {
        throw StrataError.capabilityNotSupported("FEATURE_STORAGE_QOS_LATENCY_TARGET");
      }
      const tenantId = namedTenant ?? visibleVolume(kit, ctx.principal, target.resourceId!).workload!.tenantId;
      // Stored as sent (PRIORITY_UNSPECIFIED included: it means "no priority of its own").
      const stored: QosPolicy = { ...policy!, tenantId };
      await kit.catalog.commit({ putPolicy: stored });
      return { policy: stored };
    }),

    getQosPolicy(request, ctx) {
      const target = asPolicyTarget(request.target);
      checkPolicyTarget(validate(), target, "target", "volume_id").throwIfAny();
      ownerOf(kit, ctx.principal, target!, "target");
      const policy = kit.catalog.policies.get(policyKey(request));
      if (!policy) throw StrataError.notFound("qos policy", policyKey(request));
      return { policy };
    },

    deleteQosPolicy: (request, ctx) => kit.exclusive(async () => {
      const target = asPolicyTarget(request.target);
      checkPolicyTarget(validate(), target, "target", "volume_id").throwIfAny();
      namedPolicyTenant(ctx.principal, target!, "target");
      const policy = kit.catalog.policies.get(policyKey(request));
      // Like every delete: absent or another tenant's answers OK and changes nothing.
      if (policy && canAccessTenant(ctx.principal, policy.tenantId)) {
        await kit.catalog.commit({ removePolicy: policyKey(request) });
      }
      return {};
    }),

    listQosPolicies(request, ctx) {
      const all = [...kit.catalog.policies.values()].filter((p) => canAccessTenant(ctx.principal, p.tenantId));
      const { items, page } = paginate(all, policyKey, request.page, { maxPageSize: kit.maxPageSize, context: ctx });
      return { policies: items, page };
    },
  });
}

/** A QoS target as a generic policy target. */
function asPolicyTarget(target: QosTarget | undefined): PolicyTarget | undefined {
  return target && { tenantId: target.tenantId, resourceId: target.volumeId };
}

/** The tenant owning a checked policy target; PERMISSION_DENIED for a foreign tenant, NOT_FOUND for a foreign volume. */
function ownerOf(kit: StorageKit, principal: Principal, target: PolicyTarget, field: string): string {
  return policyTargetOwner(principal, target, field, (volumeId) => visibleVolume(kit, principal, volumeId).workload!.tenantId);
}
