import { isOperator, isValidId, resolveTenantFilter, StrataError, type CallContext } from "@strata/sdk/server";

/**
 * The tenants a management request may see: the ids of `tenant_ids` checked
 * (INVALID_ARGUMENT naming the field), a tenant caller held to its own
 * (PERMISSION_DENIED), undefined for an operator asking for everything.
 */
export function tenantScope(ctx: CallContext, tenantIds: readonly string[], field = "tenant_ids"): string[] | undefined {
  for (const tenantId of tenantIds) if (!isValidId(tenantId)) throw StrataError.invalidArgument(field, `"${tenantId}" breaks the id rule`);
  return resolveTenantFilter(ctx.principal, field, tenantIds) ?? (isOperator(ctx.principal) ? undefined : [ctx.principal.tenantId]);
}

/** Whether a tenant is within a scope (undefined: every tenant). */
export const inScope = (scope: readonly string[] | undefined, tenantId: string) => scope === undefined || scope.includes(tenantId);
