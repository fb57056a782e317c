import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
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

/**
 * The tenant an mTLS client certificate names, as the overview's credentials
 * table reads it: the URI SAN `strata:tenant:<id>`, else the subject CN.
 * Undefined when the file cannot be read as a certificate.
 */
export function tenantIdOfCertificate(certPath: string): string | undefined {
  try {
    const certificate = new X509Certificate(readFileSync(certPath));
    const fromSan = (certificate.subjectAltName ?? "").split(/,\s*/).map((s) => /^URI:strata:tenant:(.+)$/.exec(s)?.[1]).find(Boolean);
    return fromSan ?? /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  } catch {
    return undefined;
  }
}
