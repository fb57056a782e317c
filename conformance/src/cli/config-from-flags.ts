import { readFileSync } from "node:fs";
import { ConfigError, type ConformanceConfigInput, type ConformanceCredentials } from "../config.js";

/** The flags `run` and `swap` share, as commander parses them. */
export interface ConnectionFlags {
  layer?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServerName?: string;
  tokenA?: string;
  tokenB?: string;
  tokenOperator?: string;
  tokenAFile?: string;
  tokenBFile?: string;
  tokenOperatorFile?: string;
  insecureTenants?: string;
  applicationId?: string;
  timeout?: number;
}

/** The flag that sets each config field, for error messages. */
export const FLAG_OF_FIELD: Record<string, string> = {
  target: "--target",
  layer: "--layer",
  timeoutMs: "--timeout",
  idempotencyRepeats: "--repeats",
  applicationId: "--application-id",
  "tls.caPath": "--tls-ca",
  "tls.certPath": "--tls-cert",
  "tls.keyPath": "--tls-key",
  credentials: "--token-a/--token-b/--token-operator or --insecure-tenants",
  "credentials.tenantA": "--token-a",
  "credentials.tenantB": "--token-b",
  "credentials.operator": "--token-operator",
  "credentials.tenantA.file": "--token-a-file",
  "credentials.tenantB.file": "--token-b-file",
  "credentials.operator.file": "--token-operator-file",
};

/** The environment variables a token may come from instead of a flag (kept out of `ps`). */
export const TOKEN_ENV = { tenantA: "STRATA_TOKEN_A", tenantB: "STRATA_TOKEN_B", operator: "STRATA_TOKEN_OPERATOR" } as const;

/**
 * Maps the connection flags onto a config for one target; resolveConfig
 * validates the rest. A token comes from its flag, its file flag, or else
 * its environment variable (TOKEN_ENV).
 */
export function configFromFlags(flags: ConnectionFlags, target: string, env: NodeJS.ProcessEnv = process.env): ConformanceConfigInput {
  const tls = flags.tlsCa || flags.tlsCert || flags.tlsKey
    ? { caPath: flags.tlsCa, certPath: flags.tlsCert, keyPath: flags.tlsKey, serverNameOverride: flags.tlsServerName }
    : undefined;
  return {
    target,
    ...(flags.layer !== undefined ? { layer: flags.layer } : {}),
    credentials: credentialsFrom(flags, env),
    ...(tls ? { tls: withoutUndefined(tls) } : {}),
    ...(flags.applicationId !== undefined ? { applicationId: flags.applicationId } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
  };
}

function credentialsFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv): ConformanceCredentials {
  const given = {
    tenantA: tokenFrom("tenantA", flags.tokenA, flags.tokenAFile),
    tenantB: tokenFrom("tenantB", flags.tokenB, flags.tokenBFile),
    operator: tokenFrom("operator", flags.tokenOperator, flags.tokenOperatorFile),
  };
  const tokens = [given.tenantA, given.tenantB, given.operator];
  if (flags.insecureTenants !== undefined) {
    if (tokens.some((t) => t !== undefined)) throw new ConfigError("credentials", "takes tokens or insecure tenants, not both");
    const names = flags.insecureTenants.split(",").map((n) => n.trim());
    if (names.length !== 3 || names.some((n) => n === "")) {
      throw new ConfigError("credentials", `--insecure-tenants needs three names "tenantA,tenantB,operator" (got "${flags.insecureTenants}")`);
    }
    const [a, b, operator] = names as [string, string, string];
    return { tenantA: { tenant: a }, tenantB: { tenant: b }, operator: { tenant: operator, roles: ["operator"] } };
  }
  const [a, b, operator] = (["tenantA", "tenantB", "operator"] as const).map((who) => given[who] ?? nonEmptyEnv(env[TOKEN_ENV[who]]));
  if (a === undefined || b === undefined || operator === undefined) {
    throw new ConfigError("credentials", `is required: all three tokens (flags, token files or ${Object.values(TOKEN_ENV).join(", ")}), or insecure tenant names`);
  }
  return { tenantA: { token: a }, tenantB: { token: b }, operator: { token: operator } };
}

/** A token from its flag or from the file its file flag names (trimmed); both is an error. */
function tokenFrom(who: keyof typeof TOKEN_ENV, token: string | undefined, file: string | undefined): string | undefined {
  if (file === undefined) return token;
  const field = `credentials.${who}.file`;
  if (token !== undefined) throw new ConfigError(field, `takes a token file or ${FLAG_OF_FIELD[`credentials.${who}`]}, not both`);
  try {
    const read = readFileSync(file, "utf8").trim();
    if (read === "") throw new ConfigError(field, `names an empty file: ${file}`);
    return read;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(field, `names a file that cannot be read: ${file} (${(error as Error).message})`);
  }
}

function nonEmptyEnv(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
