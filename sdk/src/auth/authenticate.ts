import { StrataError } from "../errors/strata-error.js";
import { ID_RULE, isValidId } from "../server/id-rules.js";
import type { Authenticator, CallCredentials } from "./authenticator.js";
import type { Principal } from "./principal.js";

/**
 * Tries each authenticator in turn; the first that recognises credentials
 * decides. Credentials that name a tenant breaking the id rule (a JWT
 * `tenant_id`, a certificate's CN, a development-mode header) are refused
 * with UNAUTHENTICATED whatever their kind, so that no tenant id a tool could
 * not read ever reaches a handler, a record or a sample.
 */
export async function authenticate(authenticators: readonly Authenticator[], call: CallCredentials): Promise<Principal> {
  for (const authenticator of authenticators) {
    const principal = await authenticator.authenticate(call);
    if (!principal) continue;
    if (!isValidId(principal.tenantId)) throw StrataError.unauthenticated(`the credentials' tenant id ${ID_RULE}`);
    return principal;
  }
  const accepted = authenticators.map((a) => a.kind).join(", ") || "none configured";
  throw StrataError.unauthenticated(`no credentials: this endpoint accepts ${accepted}`);
}
