import { metadataValue, type Authenticator } from "./authenticator.js";

/**
 * DEVELOPMENT ONLY: trusts `strata-tenant` (and comma-separated
 * `strata-roles`) metadata as sent. Anyone can claim any tenant, so a server
 * enables it only with the explicit insecureDevelopmentMode option.
 */
export function createInsecureHeaderAuthenticator(): Authenticator {
  return {
    kind: "insecure-header",
    async authenticate({ metadata }) {
      const tenantId = metadataValue(metadata, "strata-tenant");
      if (!tenantId) return undefined;
      const roles = (metadataValue(metadata, "strata-roles") ?? "").split(",").map((r) => r.trim()).filter(Boolean);
      return { tenantId, roles, authenticatedBy: "insecure-header", subject: tenantId };
    },
  };
}
