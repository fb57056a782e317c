import { readFileSync } from "node:fs";
import { ConfigError, PRINCIPALS, type ClientKeyPair, type ConformanceConfigInput, type ConformanceCredentials, type Principal } from "../config.js";

/** The flags `run` and `swap` share, as commander parses them. */
export interface ConnectionFlags {
  layer?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServerName?: string;
  tlsCertA?: string;
  tlsKeyA?: string;
  tlsCertB?: string;
  tlsKeyB?: string;
  tlsCertOperator?: string;
  tlsKeyOperator?: string;
  tokenA?: string;
  tokenB?: string;
  tokenOperator?: string;
  tokenAFile?: string;
  tokenBFile?: string;
  tokenOperatorFile?: string;
  insecureTenants?: string;
  applicationId?: string;
  timeout?: number;
  absentId?: string;
  param?: string[];
  clockTolerance?: number;
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
  "tls.principals.tenantA.certPath": "--tls-cert-a",
  "tls.principals.tenantA.keyPath": "--tls-key-a",
  "tls.principals.tenantB.certPath": "--tls-cert-b",
  "tls.principals.tenantB.keyPath": "--tls-key-b",
  "tls.principals.tenantB": "--tls-cert-b",
  "tls.principals.operator.certPath": "--tls-cert-operator",
  "tls.principals.operator.keyPath": "--tls-key-operator",
  absentIdTemplate: "--absent-id",
  layerParameters: "--param",
  clockToleranceMs: "--clock-tolerance",
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
  const principals = principalKeyPairs(flags);
  const tls = flags.tlsCa || flags.tlsCert || flags.tlsKey || principals
    ? { caPath: flags.tlsCa, certPath: flags.tlsCert, keyPath: flags.tlsKey, serverNameOverride: flags.tlsServerName, principals }
    : undefined;
  return {
    target,
    ...(flags.layer !== undefined ? { layer: flags.layer } : {}),
    credentials: credentialsFrom(flags, env, principals !== undefined && Object.keys(principals).length === PRINCIPALS.length),
    ...(tls ? { tls: withoutUndefined(tls) } : {}),
    ...(flags.applicationId !== undefined ? { applicationId: flags.applicationId } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    ...(flags.absentId !== undefined ? { absentIdTemplate: flags.absentId } : {}),
    ...(flags.clockTolerance !== undefined ? { clockToleranceMs: flags.clockTolerance } : {}),
    ...(flags.param?.length ? { layerParameters: layerParametersFrom(flags.param) } : {}),
  };
}

/** The per-principal client certificates of --tls-cert-a/-b/-operator and their keys, each pair whole. */
function principalKeyPairs(flags: ConnectionFlags): Partial<Record<Principal, ClientKeyPair>> | undefined {
  const given = {
    tenantA: [flags.tlsCertA, flags.tlsKeyA, "a"], tenantB: [flags.tlsCertB, flags.tlsKeyB, "b"], operator: [flags.tlsCertOperator, flags.tlsKeyOperator, "operator"],
  } as const;
  const pairs: Partial<Record<Principal, ClientKeyPair>> = {};
  for (const who of PRINCIPALS) {
    const [certPath, keyPath, suffix] = given[who];
    if (certPath === undefined && keyPath === undefined) continue;
    if (certPath === undefined || keyPath === undefined) {
      throw new ConfigError(`tls.principals.${who}.${certPath === undefined ? "certPath" : "keyPath"}`, `is required with --tls-${certPath === undefined ? "key" : "cert"}-${suffix}`);
    }
    pairs[who] = { certPath, keyPath };
  }
  return Object.keys(pairs).length > 0 ? pairs : undefined;
}

/** `--param <layer>.<name>=<value>`, repeated, as layerParameters. */
function layerParametersFrom(params: readonly string[]): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const param of params) {
    const match = /^([a-z][a-z0-9-]*)\.([^=]+)=(.*)$/s.exec(param);
    if (!match) throw new ConfigError("layerParameters", `takes <layer>.<name>=<value> (got "${param}")`);
    const [, layer, name, value] = match as unknown as [string, string, string, string];
    (result[layer] ??= {})[name] = value;
  }
  return result;
}

function credentialsFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv, everyoneHasACertificate: boolean): ConformanceCredentials {
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
  // Each principal's client certificate identifies it: no token needed.
  if (everyoneHasACertificate && tokens.every((t) => t === undefined)) return { tenantA: { none: true }, tenantB: { none: true }, operator: { none: true } };
  if (a === undefined || b === undefined || operator === undefined) {
    throw new ConfigError("credentials", `is required: all three tokens (flags, token files or ${Object.values(TOKEN_ENV).join(", ")}), `
      + "a client certificate for each (--tls-cert-a, --tls-cert-b, --tls-cert-operator), or insecure tenant names");
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
