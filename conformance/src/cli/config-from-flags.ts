import { ConfigError, type ConformanceConfigInput, type ConformanceCredentials } from "../config.js";
import type { ConformanceLayer } from "../layers.js";

/** The flags `run` and `swap` share, as commander parses them. */
export interface ConnectionFlags {
  layer: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServerName?: string;
  tokenA?: string;
  tokenB?: string;
  tokenOperator?: string;
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
};

/** Maps the connection flags onto a config for one target; resolveConfig validates the rest. */
export function configFromFlags(flags: ConnectionFlags, target: string): ConformanceConfigInput {
  const tls = flags.tlsCa || flags.tlsCert || flags.tlsKey
    ? { caPath: flags.tlsCa, certPath: flags.tlsCert, keyPath: flags.tlsKey, serverNameOverride: flags.tlsServerName }
    : undefined;
  return {
    target,
    layer: flags.layer as ConformanceLayer,
    credentials: credentialsFrom(flags),
    ...(tls ? { tls: withoutUndefined(tls) } : {}),
    ...(flags.applicationId !== undefined ? { applicationId: flags.applicationId } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
  };
}

function credentialsFrom(flags: ConnectionFlags): ConformanceCredentials {
  const tokens = [flags.tokenA, flags.tokenB, flags.tokenOperator];
  if (flags.insecureTenants !== undefined) {
    if (tokens.some((t) => t !== undefined)) throw new ConfigError("credentials", "takes tokens or insecure tenants, not both");
    const names = flags.insecureTenants.split(",").map((n) => n.trim());
    if (names.length !== 3 || names.some((n) => n === "")) {
      throw new ConfigError("credentials", `--insecure-tenants needs three names "tenantA,tenantB,operator" (got "${flags.insecureTenants}")`);
    }
    const [a, b, operator] = names as [string, string, string];
    return { tenantA: { tenant: a }, tenantB: { tenant: b }, operator: { tenant: operator, roles: ["operator"] } };
  }
  if (tokens.some((t) => t === undefined)) throw new ConfigError("credentials", "is required: all three tokens, or insecure tenant names");
  return { tenantA: { token: flags.tokenA! }, tenantB: { token: flags.tokenB! }, operator: { token: flags.tokenOperator! } };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
