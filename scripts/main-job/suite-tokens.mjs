// The three identities the conformance suite calls a JWT-authenticated
// reference vendor as: two tenants and an operator, signed with the run's
// HS256 secret. Plain JS so that CI's .mjs scripts and the main job share it.
import { SignJWT } from "jose";

/**
 * @param {string} secret the HS256 secret the vendors verify with
 * @returns {Promise<{ tenantA: string; tenantB: string; operator: string }>}
 */
export async function suiteTokens(secret) {
  const key = new TextEncoder().encode(secret);
  /** @param {string} tenant @param {string[]} roles */
  const token = (tenant, roles = []) => new SignJWT({ tenant_id: tenant, roles })
    .setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("1h").sign(key);
  const [tenantA, tenantB, operator] = await Promise.all([token("tenant-a"), token("tenant-b"), token("operator", ["operator"])]);
  return { tenantA, tenantB, operator };
}
