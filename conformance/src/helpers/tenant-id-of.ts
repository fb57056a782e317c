import type { ClientAuth } from "@strata/sdk/client";

/**
 * The tenant a credential names: the insecure header's tenant, or the
 * `tenant_id` claim of a bearer JWT (read, not verified: the endpoint
 * verifies). Undefined when it cannot be told (mTLS, opaque tokens).
 */
export function tenantIdOf(auth: ClientAuth): string | undefined {
  if ("tenant" in auth) return auth.tenant;
  if (!("token" in auth)) return undefined;
  const payload = auth.token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tenant_id?: unknown };
    return typeof claims.tenant_id === "string" ? claims.tenant_id : undefined;
  } catch {
    return undefined;
  }
}
