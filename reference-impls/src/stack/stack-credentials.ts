import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClientAuth } from "@strata/sdk/client";
import type { AuthOptions } from "@strata/sdk/server";
import { SignJWT } from "jose";
import type { UpstreamCredentials } from "./layer-wiring.js";

/** The identity the stack's tools and its vendors' calls upstream use: the operator of every endpoint. */
export const STACK_OPERATOR = "stack-operator";

/** How every endpoint of a stack authenticates its callers, and the credentials to call them with. */
export interface StackCredentials {
  /** What the hub (in-process) verifies. */
  readonly auth: AuthOptions;
  /** The common flags and environment each vendor command is started with. */
  readonly vendorArgs: string[];
  readonly vendorEnv: NodeJS.ProcessEnv;
  /** How a vendor calls the layer below it. */
  readonly upstream: UpstreamCredentials;
  /** Operator credentials, for the hub's subscriptions and the launcher's reports. */
  readonly operator: ClientAuth;
  /** Credentials of a tenant (no role). */
  tenant(tenantId: string): Promise<ClientAuth>;
  /** Removes the token file. */
  dispose(): void;
}

const JWT_SECRET_ENV = "STRATA_JWT_SECRET";

/** A bearer token signed with the stack's secret, valid for a day. */
function sign(secret: Uint8Array, tenantId: string, roles: string[]): Promise<string> {
  return new SignJWT({ tenant_id: tenantId, roles }).setProtectedHeader({ alg: "HS256" })
    .setSubject(`strata-stack:${tenantId}`).setIssuedAt().setExpirationTime("24h").sign(secret);
}

/**
 * `jwt`: a fresh HS256 secret handed to each vendor in its environment
 * (never on its command line), tokens minted for the operator and each
 * tenant, the operator's in a file only this user reads for the vendors'
 * upstream calls. `dev`: development headers everywhere.
 */
export async function createStackCredentials(mode: "jwt" | "dev"): Promise<StackCredentials> {
  if (mode === "dev") {
    return {
      auth: { insecureDevelopmentMode: true }, vendorArgs: ["--insecure-dev"], vendorEnv: {},
      upstream: { development: true }, operator: { tenant: STACK_OPERATOR, roles: ["operator"] },
      tenant: async (tenantId) => ({ tenant: tenantId, roles: [] }), dispose: () => {},
    };
  }
  const secretText = randomBytes(32).toString("hex");
  const secret = new TextEncoder().encode(secretText);
  const operator = await sign(secret, STACK_OPERATOR, ["operator"]);
  const dir = mkdtempSync(join(tmpdir(), "strata-stack-"));
  const tokenFile = join(dir, "operator.jwt");
  writeFileSync(tokenFile, operator, { mode: 0o600 });
  const tokens = new Map<string, Promise<string>>();
  return {
    auth: { jwt: { secret: secretText } }, vendorArgs: [], vendorEnv: { [JWT_SECRET_ENV]: secretText },
    upstream: { tokenFile }, operator: { token: operator },
    async tenant(tenantId) {
      if (!tokens.has(tenantId)) tokens.set(tenantId, sign(secret, tenantId, []));
      return { token: await tokens.get(tenantId)! };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
