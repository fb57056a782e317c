import { canAccessTenant, resolveNamedTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { QosServiceService, type QosPolicy, type QosTarget } from "./contracts.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { visibleVolume, type StorageKit } from "./storage-kit.js";
import type { Violations } from "../../server/violations.js";
import { validate } from "./storage-validation.js";
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
      const checks = validate();
      checkTarget(checks, policy?.target, "policy.target");
      if (policy && policy.maxIops !== 0n && policy.reservedIops > policy.maxIops) {
        checks.add("policy.reserved_iops", "must not exceed policy.max_iops");
      }
      checks.throwIfAny();
      const target = policy!.target!;
      const namedTenant = target.tenantId === undefined ? undefined : resolveNamedTenant(ctx.principal, "policy.target.tenant_id", target.tenantId);
      if (policy!.latencyTargetNs !== 0n && !kit.capabilities.has(Feature.FEATURE_STORAGE_QOS_LATENCY_TARGET)) {
        throw StrataError.capabilityNotSupported("FEATURE_STORAGE_QOS_LATENCY_TARGET");
      }
      const tenantId = namedTenant ?? visibleVolume(kit, ctx.principal, target.volumeId!).workload!.tenantId;
      // Stored as sent (PRIORITY_UNSPECIFIED included: it means "no priority of its own").
      const stored: QosPolicy = { ...policy!, tenantId };
      await kit.catalog.commit({ putPolicy: stored });
      return { policy: stored };
    }),

    getQosPolicy(request, ctx) {
      checkTarget(validate(), request.target, "target").throwIfAny();
      ownerOf(kit, ctx.principal, request.target!, "target");
      const policy = kit.catalog.policies.get(policyKey(request));
      if (!policy) throw StrataError.notFound("qos policy", policyKey(request));
      return { policy };
    },

    deleteQosPolicy: (request, ctx) => kit.exclusive(async () => {
      checkTarget(validate(), request.target, "target").throwIfAny();
      if (request.target!.tenantId !== undefined) {
        resolveNamedTenant(ctx.principal, "target.tenant_id", request.target!.tenantId);
      }
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

/**
 * A QosTarget's shape: exactly one of its fields set (the oneof), and that one
 * an id by the one rule. A field set to the empty string is set, and refused
 * as such, naming it.
 */
function checkTarget(checks: Violations, target: QosTarget | undefined, field: string): Violations {
  if (!target || (target.tenantId === undefined && target.volumeId === undefined)) {
    return checks.add(field, "one of tenant_id or volume_id is required");
  }
  for (const [name, value] of [["tenant_id", target.tenantId], ["volume_id", target.volumeId]] as const) {
    if (value === "") checks.add(`${field}.${name}`, "is set but empty");
    else if (value !== undefined) checks.id(`${field}.${name}`, value);
  }
  return checks;
}

/** The tenant owning a policy target; PERMISSION_DENIED for a foreign tenant, NOT_FOUND for a foreign volume. */
function ownerOf(kit: StorageKit, principal: Principal, target: QosTarget, field: string): string {
  if (target.tenantId !== undefined) return resolveNamedTenant(principal, `${field}.tenant_id`, target.tenantId);
  return visibleVolume(kit, principal, target.volumeId!).workload!.tenantId;
}
