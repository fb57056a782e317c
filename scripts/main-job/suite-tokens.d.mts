/** Bearer tokens of tenant A, tenant B and the operator, signed with `secret` (HS256). */
export function suiteTokens(secret: string): Promise<{ tenantA: string; tenantB: string; operator: string }>;
