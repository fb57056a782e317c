import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { StrataError } from "../errors/strata-error.js";
import { metadataValue, type Authenticator } from "./authenticator.js";

export interface JwtOptions {
  /** Public keys that sign tokens (asymmetric algorithms). */
  jwks?: JSONWebKeySet;
  /** URL of a JWKS endpoint, fetched and cached by jose. */
  jwksUrl?: string;
  /** A shared secret for HS256 tokens (development and tests). */
  secret?: string | Uint8Array;
  /** Required `iss`, when set. */
  issuer?: string;
  /** Required `aud`, when set. */
  audience?: string;
  /**
   * The signature algorithms accepted (JWS `alg`); any other is refused, even
   * under the right key. Default: HS256 with a secret; with a JWKS, the
   * asymmetric ones (RS*, PS*, ES*, EdDSA), never a symmetric one.
   */
  algorithms?: string[];
  /** Refuse tokens without `exp` (default true): a token that never expires cannot be revoked by time. */
  requireExpiry?: boolean;
}

const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/**
 * Verifies `authorization: Bearer <jwt>` with jose: the signature under the
 * configured key with one of the configured algorithms, `exp` (required
 * unless requireExpiry is false) and `nbf`, and `iss` and `aud` when
 * configured. The token's `tenant_id` claim names the tenant (required, by
 * the id rule, which authenticate() checks for every kind of credential),
 * `roles` (array of strings) the roles.
 */
export function createJwtAuthenticator(options: JwtOptions): Authenticator {
  const key = keyFrom(options);
  const verify = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms ?? (options.secret !== undefined && !options.jwks && !options.jwksUrl ? ["HS256"] : ASYMMETRIC),
    requiredClaims: options.requireExpiry === false ? [] : ["exp"],
  };
  return {
    kind: "jwt",
    async authenticate({ metadata }) {
      const header = metadataValue(metadata, "authorization");
      if (header === undefined) return undefined;
      const token = header.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!token) throw StrataError.unauthenticated("authorization: expected \"Bearer <token>\"");
      let payload;
      try {
        ({ payload } = typeof key === "function" ? await jwtVerify(token, key, verify) : await jwtVerify(token, key, verify));
      } catch (cause) {
        throw StrataError.unauthenticated(`authorization: token rejected (${(cause as Error).message})`, cause);
      }
      const tenantId = payload["tenant_id"];
      if (typeof tenantId !== "string" || tenantId === "") {
        throw StrataError.unauthenticated("authorization: token has no tenant_id claim");
      }
      const roles = Array.isArray(payload["roles"]) ? payload["roles"].filter((r): r is string => typeof r === "string") : [];
      return { tenantId, roles, authenticatedBy: "jwt", subject: payload.sub ?? tenantId };
    },
  };
}

function keyFrom(options: JwtOptions): JWTVerifyGetKey | Uint8Array {
  if (options.jwks) return createLocalJWKSet(options.jwks);
  if (options.jwksUrl) return createRemoteJWKSet(new URL(options.jwksUrl));
  if (options.secret !== undefined) {
    return typeof options.secret === "string" ? new TextEncoder().encode(options.secret) : options.secret;
  }
  throw new TypeError("JwtOptions: one of jwks, jwksUrl or secret is required");
}
