import { StrataError } from "../errors/strata-error.js";
import type { Authenticator, CallCredentials } from "./authenticator.js";
import type { Principal } from "./principal.js";

/** Tries each authenticator in turn; the first that recognises credentials decides. */
export async function authenticate(authenticators: readonly Authenticator[], call: CallCredentials): Promise<Principal> {
  for (const authenticator of authenticators) {
    const principal = await authenticator.authenticate(call);
    if (principal) return principal;
  }
  const accepted = authenticators.map((a) => a.kind).join(", ") || "none configured";
  throw StrataError.unauthenticated(`no credentials: this endpoint accepts ${accepted}`);
}
