import { StrataError } from "../errors/strata-error.js";
import { OPERATOR_ROLE } from "./principal.js";
import type { Authenticator } from "./authenticator.js";

const TENANT_URI = /^URI:strata:tenant:([A-Za-z0-9._-]+)$/;

/**
 * Takes the principal from a verified mTLS client certificate: the tenant is
 * the URI SAN `strata:tenant:<id>` if present, else the subject CN; an
 * organizational unit "operator" grants the operator role. grpc-js has
 * already verified the chain against the server's client CA.
 */
export function createMtlsAuthenticator(): Authenticator {
  return {
    kind: "mtls",
    async authenticate({ peerCertificate }) {
      if (!peerCertificate || Object.keys(peerCertificate).length === 0) return undefined;
      const sans = (peerCertificate.subjectaltname ?? "").split(/,\s*/);
      const fromSan = sans.map((s) => s.match(TENANT_URI)?.[1]).find((t) => t !== undefined);
      const cn = first(peerCertificate.subject?.CN);
      const tenantId = fromSan ?? cn;
      if (!tenantId) throw StrataError.unauthenticated("client certificate names no tenant (URI SAN strata:tenant:<id> or CN)");
      const ous = ([] as string[]).concat(peerCertificate.subject?.OU ?? []);
      return {
        tenantId,
        roles: ous.includes(OPERATOR_ROLE) ? [OPERATOR_ROLE] : [],
        authenticatedBy: "mtls",
        subject: cn ?? tenantId,
      };
    },
  };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
