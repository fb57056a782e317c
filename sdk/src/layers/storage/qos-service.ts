import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { QosServiceService, type QosPolicy, type QosTarget } from "./contracts.js";
import { paginate } from "../../server/paginate.js";
import { checkNamedPolicyTarget, policyTargetOwner, type PolicyTarget } from "../../server/policy-target.js";
import { defineService } from "../../server/service-registration.js";
import { visibleVolume, type StorageKit } from "./storage-kit.js";
import { policyKey } from "./volume-catalog.js";

/** strata.storage.v1.QosService over a StorageKit: stores policies; the backend enforces them. */
export function createQosService(kit: StorageKit) {
  return defineService(QosServiceService, {
    setQosPolicy: (request, ctx) => kit.exclusive(async () => {
      const policy = request.policy;
      if (!policy) throw StrataError.invalidArgument("policy.target", "is required (no policy given)");
      const tenantId = ownerOf(kit, ctx.principal, policy.target, "policy.target");
      if (policy.maxIops !== 0n && policy.reservedIops > policy.maxIops) {
        throw StrataError.invalidArgument("policy.reserved_iops", "must not exceed policy.max_iops");
      }
      if (policy.latencyTargetNs !== 0n && !kit.capabilities.has(Feature.FEATURE_STORAGE_QOS_LATENCY_TARGET)) {
        throw StrataError.capabilityNotSupported("FEATURE_STORAGE_QOS_LATENCY_TARGET");
      }
      const stored: QosPolicy = { ...policy, tenantId };
      kit.catalog.policies.set(policyKey(stored), stored);
      await kit.catalog.save();
      return { policy: stored };
    }),

    getQosPolicy(request, ctx) {
      ownerOf(kit, ctx.principal, request.target, "target");
      const policy = kit.catalog.policies.get(policyKey(request));
      if (!policy) throw StrataError.notFound("qos policy", policyKey(request));
      return { policy };
    },

    deleteQosPolicy: (request, ctx) => kit.exclusive(async () => {
      checkNamedPolicyTarget(ctx.principal, asPolicyTarget(request.target), "target", "volume_id");
      const policy = kit.catalog.policies.get(policyKey(request));
      // Like every delete: absent or another tenant's answers OK and changes nothing.
      if (policy && canAccessTenant(ctx.principal, policy.tenantId)) {
        kit.catalog.policies.delete(policyKey(request));
        await kit.catalog.save();
      }
      return {};
    }),

    listQosPolicies(request, ctx) {
      const all = [...kit.catalog.policies.values()].filter((p) => canAccessTenant(ctx.principal, p.tenantId));
      const { items, page } = paginate(all, policyKey, request.page, { maxPageSize: kit.maxPageSize });
      return { policies: items, page };
    },
  });
}

/** A QoS target as a generic policy target. */
function asPolicyTarget(target: QosTarget | undefined): PolicyTarget | undefined {
  return target && { tenantId: target.tenantId, resourceId: target.volumeId };
}

/** The tenant owning a policy target; PERMISSION_DENIED for a foreign tenant, NOT_FOUND for a foreign volume. */
function ownerOf(kit: StorageKit, principal: Principal, target: QosTarget | undefined, field: string): string {
  return policyTargetOwner(principal, asPolicyTarget(target), field, "volume_id",
    (volumeId) => visibleVolume(kit, principal, volumeId).workload!.tenantId);
}
