import { resolveNamedTenant, type Principal } from "../auth/principal.js";
import type { Violations } from "./validate.js";

/** What a policy applies to (a oneof in the contracts): a tenant, or one resource of the layer. */
export interface PolicyTarget {
  readonly tenantId?: string | undefined;
  readonly resourceId?: string | undefined;
}

/**
 * Adds to `checks` what is wrong with a policy target's shape, the request's
 * own fields being checked before anything is looked up: exactly one of its
 * fields set (the oneof), and that one an id by the one rule. A field set to
 * the empty string is set, and refused as such, naming it (`field.tenant_id`
 * or `field.<resourceField>`).
 *
 * @example
 * const checks = validate();
 * checkPolicyTarget(checks, { tenantId: t.tenantId, resourceId: t.volumeId }, "policy.target", "volume_id").throwIfAny();
 */
export function checkPolicyTarget(checks: Violations, target: PolicyTarget | undefined, field: string, resourceField: string): Violations {
  if (!target || (target.tenantId === undefined && target.resourceId === undefined)) {
    return checks.add(field, `one of tenant_id or ${resourceField} is required`);
  }
  for (const [name, value] of [["tenant_id", target.tenantId], [resourceField, target.resourceId]] as const) {
    if (value === "") checks.add(`${field}.${name}`, "is set but empty");
    else if (value !== undefined) checks.id(`${field}.${name}`, value);
  }
  return checks;
}

/**
 * The tenant a checked policy target names, the caller's own unless it is an
 * operator (PERMISSION_DENIED naming `field.tenant_id`); undefined for a
 * resource target, whose owner is known only once the resource is found.
 */
export function namedPolicyTenant(principal: Principal, target: PolicyTarget, field: string): string | undefined {
  return target.tenantId === undefined ? undefined : resolveNamedTenant(principal, `${field}.tenant_id`, target.tenantId);
}

/**
 * The tenant owning a checked policy target: the tenant it names
 * (PERMISSION_DENIED for another tenant than a tenant caller's own), or the
 * owner of its resource, which `ownerOf` finds (NOT_FOUND, as for an absent
 * one, when the caller may not see it).
 */
export function policyTargetOwner(principal: Principal, target: PolicyTarget, field: string, ownerOf: (resourceId: string) => string): string {
  return namedPolicyTenant(principal, target, field) ?? ownerOf(target.resourceId!);
}
