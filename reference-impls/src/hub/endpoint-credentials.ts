import { readFileSync } from "node:fs";
import type { ClientAuth } from "@strata/sdk/client";
import type { EndpointConfig } from "./upstream/endpoint-link.js";

/** The environment variable that may hold the bearer token the hub calls every endpoint with. */
export const ENDPOINT_TOKEN_ENV = "STRATA_HUB_ENDPOINT_TOKEN";

/** The development credentials of an operator, for endpoints that trust development headers. */
const DEVELOPMENT_OPERATOR: ClientAuth = { tenant: "hub-operator", roles: ["operator"] };

type Tls = NonNullable<EndpointConfig["tls"]>;
/** One entry of the credentials file. */
interface FileEntry {
  token?: string;
  tokenFile?: string;
  tenant?: string;
  roles?: string[];
  tls?: Tls;
}

/** What the command line and environment say about the endpoints' credentials. */
export interface CredentialSources {
  endpoints: readonly string[];
  /** --endpoint-credentials: a JSON file { "default": entry, "endpoints": { "<address>": entry } }. */
  credentialsFile?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The hub itself runs in insecure development mode: endpoints without credentials get development operator headers. */
  development: boolean;
}

/**
 * The endpoints with the credentials the hub calls each with (docs/hub.md,
 * HUB-SUB-1: the operator's): an entry of the credentials file for the
 * address, else its default entry, else the token in STRATA_HUB_ENDPOINT_TOKEN,
 * else, only in development mode, development operator headers. Tokens are
 * never taken from the command line.
 */
export function endpointConfigs(sources: CredentialSources): EndpointConfig[] {
  if (sources.endpoints.length === 0) throw new Error("give at least one --endpoint");
  let file: { default?: FileEntry; endpoints?: Record<string, FileEntry> } = {};
  if (sources.credentialsFile) {
    try {
      file = JSON.parse(readFileSync(sources.credentialsFile, "utf8"));
    } catch (error) {
      throw new Error(`--endpoint-credentials ${sources.credentialsFile}: ${(error as Error).message}`);
    }
  }
  const envToken = sources.env[ENDPOINT_TOKEN_ENV];
  return sources.endpoints.map((target) => {
    const entry = file.endpoints?.[target] ?? file.default;
    const auth = entry ? authOf(entry, target) : envToken ? { token: envToken.trim() } : sources.development ? DEVELOPMENT_OPERATOR : undefined;
    if (!auth) throw new Error(`no credentials for endpoint ${target}: give --endpoint-credentials or set ${ENDPOINT_TOKEN_ENV}`);
    return { target, auth, ...(entry?.tls ? { tls: entry.tls } : {}) };
  });
}

function authOf(entry: FileEntry, target: string): ClientAuth {
  if (entry.token) return { token: entry.token };
  if (entry.tokenFile) return { token: readFileSync(entry.tokenFile, "utf8").trim() };
  if (entry.tenant) return { tenant: entry.tenant, roles: entry.roles ?? ["operator"] };
  if (entry.tls?.certPath) return { none: true };
  throw new Error(`the credentials of endpoint ${target} give no token, tokenFile, tenant or client certificate`);
}
