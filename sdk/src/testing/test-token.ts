import { SignJWT } from "jose";

/**
 * Signs an HS256 token for an endpoint started with `auth.jwt.secret`: the
 * tenant in `tenant_id`, roles in `roles`, valid for an hour.
 */
export function mintTestToken(secret: string, tenantId: string, roles: string[] = []): Promise<string> {
  return new SignJWT({ tenant_id: tenantId, roles })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(`test:${tenantId}`)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));
}
