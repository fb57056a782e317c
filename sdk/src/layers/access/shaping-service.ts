import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import type { AccessKit } from "./access-kit.js";
import { ShapingServiceService, type ShapingPolicy } from "./contracts.js";

/** The highest max_requests_per_second a policy may set. */
export const MAX_REQUESTS_PER_SECOND = 1_000_000;
/** The largest burst_requests a policy may set. */
export const MAX_BURST_REQUESTS = 100_000;

/**
 * strata.access.v1.ShapingService over an AccessKit: stores one policy per
 * tenant; the backend shapes by it. Checks run in the general error order:
 * the request's own fields (all at once), the tenant it names, the
 * capability it needs. Without FEATURE_ACCESS_SHAPING no policy can be set,
 * so reads find none and lists are empty.
 */
export function createShapingService(kit: AccessKit) {
  return defineService(ShapingServiceService, {
    setShapingPolicy: (request, ctx) => kit.exclusive(async () => {
      const policy = request.policy;
      const checks = validate();
      if (!policy) checks.add("policy", "is required");
      else {
        checks.id("policy.tenant_id", policy.tenantId, false);
        checks.range("policy.max_requests_per_second", policy.maxRequestsPerSecond, 1, MAX_REQUESTS_PER_SECOND);
        if (policy.burstRequests > MAX_BURST_REQUESTS) checks.add("policy.burst_requests", `must be at most ${MAX_BURST_REQUESTS}`);
      }
      checks.throwIfAny();
      const tenantId = resolveNamedTenant(ctx.principal, "policy.tenant_id", policy!.tenantId);
      if (!kit.capabilities.has(Feature.FEATURE_ACCESS_SHAPING)) throw StrataError.capabilityNotSupported("FEATURE_ACCESS_SHAPING");
      const stored: ShapingPolicy = { tenantId, maxRequestsPerSecond: policy!.maxRequestsPerSecond, burstRequests: Math.max(1, policy!.burstRequests) };
      kit.catalog.policies.set(tenantId, stored);
      return { policy: stored };
    }),

    getShapingPolicy(request, ctx) {
      validate().id("tenant_id", request.tenantId, false).throwIfAny();
      const tenantId = resolveNamedTenant(ctx.principal, "tenant_id", request.tenantId);
      const policy = kit.catalog.policies.get(tenantId);
      if (!policy) throw StrataError.notFound("shaping policy", tenantId);
      return { policy };
    },

    deleteShapingPolicy: (request, ctx) => kit.exclusive(async () => {
      validate().id("tenant_id", request.tenantId, false).throwIfAny();
      kit.catalog.policies.delete(resolveNamedTenant(ctx.principal, "tenant_id", request.tenantId));
      return {};
    }),

    listShapingPolicies(request, ctx) {
      const all = [...kit.catalog.policies.values()].filter((p) => canAccessTenant(ctx.principal, p.tenantId));
      const { items, page } = paginate(all, (p) => p.tenantId, request.page, { maxPageSize: kit.maxPageSize, context: ctx });
      return { policies: items, page };
    },
  });
}
