import { resolveNamedTenant, type Principal } from "../auth/principal.js";
import { StrataError } from "../errors/strata-error.js";

/** What a policy applies to (a oneof in the contracts): a tenant, or one resource of the layer. */
export interface PolicyTarget {
  readonly tenantId?: string | undefined;
  readonly resourceId?: string | undefined;
}

/**
 * Checks a policy target: exactly one of its fields set, and not empty
 * (INVALID_ARGUMENT naming `field`, or `field.tenant_id` / `field.<resourceField>`).
 */
export function checkPolicyTarget(target: PolicyTarget | undefined, field: string, resourceField: string): asserts target is PolicyTarget {
  if (!target || (target.tenantId === undefined && target.resourceId === undefined)) {
    throw StrataError.invalidArgument(field, `one of tenant_id or ${resourceField} is required`);
  }
  if (target.tenantId === "") throw StrataError.invalidArgument(`${field}.tenant_id`, "must not be empty");
  if (target.resourceId === "") throw StrataError.invalidArgument(`${field}.${resourceField}`, "must not be empty");
}

/**
 * Checks a target a call names without reading its resource (a delete): well
 * formed, and a tenant target the caller's own tenant unless it is an
 * operator (PERMISSION_DENIED).
 */
export function checkNamedPolicyTarget(principal: Principal, target: PolicyTarget | undefined, field: string, resourceField: string): void {
  checkPolicyTarget(target, field, resourceField);
  if (target.tenantId !== undefined) resolveNamedTenant(principal, `${field}.tenant_id`, target.tenantId);
}

/**
 * The tenant owning a policy target: a tenant target names it
 * (PERMISSION_DENIED for another tenant than a tenant caller's own); a
 * resource target belongs to its resource's owner, which `ownerOf` finds
 * (NOT_FOUND, as for an absent one, when the caller may not see it).
 */
export function policyTargetOwner(
  principal: Principal, target: PolicyTarget | undefined, field: string, resourceField: string, ownerOf: (resourceId: string) => string,
): string {
  checkPolicyTarget(target, field, resourceField);
  if (target.tenantId !== undefined) return resolveNamedTenant(principal, `${field}.tenant_id`, target.tenantId);
  return ownerOf(target.resourceId!);
}
