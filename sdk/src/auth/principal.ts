import { StrataError } from "../errors/strata-error.js";

/** The role that sees and touches every tenant's resources and telemetry. */
export const OPERATOR_ROLE = "operator";

/** Who is calling, as proven by its credentials. */
export interface Principal {
  /** The caller's tenant. Never empty. */
  readonly tenantId: string;
  /** Roles granted by the credentials (for example "operator"). */
  readonly roles: readonly string[];
  /** How the principal was established. */
  readonly authenticatedBy: "jwt" | "mtls" | "insecure-header";
  /** The credential's subject (JWT sub, certificate CN), for logs. */
  readonly subject: string;
}

/** True when the principal holds the operator role. */
export function isOperator(principal: Principal): boolean {
  return principal.roles.includes(OPERATOR_ROLE);
}

/** True when the principal may see a resource owned by tenantId. */
export function canAccessTenant(principal: Principal, tenantId: string): boolean {
  return isOperator(principal) || principal.tenantId === tenantId;
}

/**
 * Resolves the tenant a request names (for example a create's
 * workload.tenant_id): empty means the caller's own; another tenant is
 * PERMISSION_DENIED unless the caller is an operator.
 */
export function resolveNamedTenant(principal: Principal, field: string, named: string): string {
  if (named === "" || named === principal.tenantId) return principal.tenantId;
  if (isOperator(principal)) return named;
  throw StrataError.tenantMismatch(field, named);
}

/**
 * Checks a list of tenants a request filters on (a telemetry selector, a
 * topology filter). Returns the tenants the caller will see: its own when the
 * list is empty, all when an operator leaves it empty (undefined).
 */
export function resolveTenantFilter(principal: Principal, field: string, named: readonly string[]): string[] | undefined {
  if (isOperator(principal)) return named.length > 0 ? [...named] : undefined;
  for (const tenant of named) if (tenant !== principal.tenantId) throw StrataError.tenantMismatch(field, tenant);
  return [principal.tenantId];
}
