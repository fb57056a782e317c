import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { inspect } from "node:util";
import type { ClientAuth } from "@strata/sdk/client";
import { layerModules } from "./registry/layer-registry.js";

/** TLS files for the connection; plaintext when absent. */
export interface TlsConfig {
  /** CA bundle that signs the endpoint's certificate. */
  caPath?: string;
  /** Client certificate and key, for mTLS. Both or neither. */
  certPath?: string;
  keyPath?: string;
  /** Expected server name when it differs from the target's host. */
  serverNameOverride?: string;
}

/** Who the suite calls as: two tenants (isolation checks) and an operator. */
export interface ConformanceCredentials {
  tenantA: ClientAuth;
  tenantB: ClientAuth;
  operator: ClientAuth;
}

/** The documented configuration of a conformance run, defaults filled. */
export interface ConformanceConfig {
  /** The endpoint: "host:port" or "unix:/path/to.sock". */
  target: string;
  /**
   * Narrows the run to one layer, by module name (its folder under layers/). Left out, the
   * suite checks every layer the endpoint declares in GetInfo.layers. The
   * common suites always run.
   */
  layer?: string;
  tls?: TlsConfig;
  credentials: ConformanceCredentials;
  /** Sent as `strata-application-id` on every call. Default "conformance". */
  applicationId: string;
  /** Deadline of one call and of one check, ms. Default 10 000. */
  timeoutMs: number;
  /** How many times idempotency checks repeat a call. Default 10, as csi-sanity. */
  idempotencyRepeats: number;
  /** Run only checks with one of these tags or title substrings. */
  focus: string[];
  /** Leave out checks with one of these tags or title substrings. */
  skip: string[];
  /**
   * Telemetry latency agrees with what the suite observed when
   * |reported − observed| ≤ latencyToleranceMs + latencyToleranceRatio × observed.
   * Defaults 10 ms and 0.25.
   */
  latencyToleranceMs: number;
  latencyToleranceRatio: number;
  /**
   * Settings of one layer's checks, by module name (its folder under layers/),
   * as csi-sanity's test volume size and parameters: a vendor may need a
   * minimum size or parameters on every create. Each module documents and
   * checks its own keys. Default none.
   */
  layerOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Makes an id that names nothing on the endpoint, for the checks of absent
   * resources, in the endpoint's own id format (csi-sanity's IDGen): a vendor
   * whose ids are UUIDs may refuse any other form as malformed. `kind` says
   * what the id stands for, in the layer's words. Default
   * "conformance-absent-<kind>-<8 hex>".
   */
  absentId: (kind: string) => string;
}

/** What a caller passes: the config with its defaults optional. */
export type ConformanceConfigInput = Pick<ConformanceConfig, "target" | "credentials">
  & Partial<Omit<ConformanceConfig, "target" | "credentials">>;

/** An id of the id rule no resource has: "conformance-absent-<kind>-<8 hex>". */
export function defaultAbsentId(kind: string): string {
  return `conformance-absent-${kind}-${randomBytes(4).toString("hex")}`;
}

export const CONFIG_DEFAULTS = {
  applicationId: "conformance",
  timeoutMs: 10_000,
  idempotencyRepeats: 10,
  latencyToleranceMs: 10,
  latencyToleranceRatio: 0.25,
  layerOptions: {},
  absentId: defaultAbsentId,
} as const;

/** A config value the suite cannot run with; `field` is its path in ConformanceConfig. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly field: string, readonly problem: string) {
    super(`conformance config: ${field} ${problem}`);
  }
}

/**
 * Validates a config and fills its defaults; `layers` are the module names
 * `layer` may name (the registered ones by default).
 *
 * @example
 * resolveConfig({ target: "127.0.0.1:7001",
 *   credentials: { tenantA: { tenant: "a" }, tenantB: { tenant: "b" }, operator: { tenant: "ops", roles: ["operator"] } } });
 */
export function resolveConfig(input: ConformanceConfigInput, layers: readonly string[] = layerModules().map((m) => m.name)): ConformanceConfig {
  const raw = (input ?? {}) as Partial<Record<keyof ConformanceConfig, unknown>>;
  const config: ConformanceConfig = {
    target: nonEmpty("target", raw.target),
    credentials: credentials(raw.credentials),
    applicationId: raw.applicationId === undefined ? CONFIG_DEFAULTS.applicationId : nonEmpty("applicationId", raw.applicationId),
    timeoutMs: integer("timeoutMs", raw.timeoutMs ?? CONFIG_DEFAULTS.timeoutMs, 1),
    idempotencyRepeats: integer("idempotencyRepeats", raw.idempotencyRepeats ?? CONFIG_DEFAULTS.idempotencyRepeats, 1),
    focus: strings("focus", raw.focus ?? []),
    skip: strings("skip", raw.skip ?? []),
    latencyToleranceMs: number("latencyToleranceMs", raw.latencyToleranceMs ?? CONFIG_DEFAULTS.latencyToleranceMs),
    latencyToleranceRatio: number("latencyToleranceRatio", raw.latencyToleranceRatio ?? CONFIG_DEFAULTS.latencyToleranceRatio),
    layerOptions: layerOptions(raw.layerOptions ?? CONFIG_DEFAULTS.layerOptions, layers),
    absentId: idGenerator("absentId", raw.absentId ?? CONFIG_DEFAULTS.absentId),
  };
  if (raw.layer !== undefined) config.layer = oneOf("layer", raw.layer, layers);
  if (raw.tls !== undefined) config.tls = tls(raw.tls);
  return config;
}

function nonEmpty(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new ConfigError(field, `must be a non-empty string (got ${show(value)})`);
  return value;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigError(field, allowed.length ? `must be one of ${allowed.join(", ")} (got ${show(value)})` : `names ${show(value)}, but no layer module is registered`);
  }
  return value as T;
}

function integer(field: string, value: unknown, min: number): number {
  if (!Number.isInteger(value) || (value as number) < min) throw new ConfigError(field, `must be an integer ≥ ${min} (got ${show(value)})`);
  return value as number;
}

function number(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new ConfigError(field, `must be a number ≥ 0 (got ${show(value)})`);
  return value;
}

function strings(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new ConfigError(field, `must be a list of strings (got ${show(value)})`);
  return value.map((item, i) => nonEmpty(`${field}[${i}]`, item));
}

function layerOptions(value: unknown, layers: readonly string[]): ConformanceConfig["layerOptions"] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError("layerOptions", `must be an object keyed by layer module (got ${show(value)})`);
  for (const [layer, options] of Object.entries(value)) {
    oneOf(`layerOptions.${layer}`, layer, layers);
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      throw new ConfigError(`layerOptions.${layer}`, `must be an object of the module's settings (got ${show(options)})`);
    }
  }
  return value as ConformanceConfig["layerOptions"];
}

function idGenerator(field: string, value: unknown): (kind: string) => string {
  if (typeof value !== "function") throw new ConfigError(field, `must be a function (kind) => id (got ${show(value)})`);
  return value as (kind: string) => string;
}

function tls(value: unknown): TlsConfig {
  if (typeof value !== "object" || value === null) throw new ConfigError("tls", `must be an object (got ${show(value)})`);
  const files = value as TlsConfig;
  for (const key of ["caPath", "certPath", "keyPath"] as const) {
    const path = files[key];
    if (path !== undefined && !existsSync(nonEmpty(`tls.${key}`, path))) throw new ConfigError(`tls.${key}`, `names a file that does not exist: ${path}`);
  }
  if ((files.certPath === undefined) !== (files.keyPath === undefined)) {
    throw new ConfigError(files.certPath === undefined ? "tls.certPath" : "tls.keyPath", "is required with the other half of the client key pair");
  }
  return files;
}

function credentials(value: unknown): ConformanceCredentials {
  if (typeof value !== "object" || value === null) {
    throw new ConfigError("credentials", "must name tenantA, tenantB and operator (tokens, or insecure tenant headers)");
  }
  const given = value as Record<string, unknown>;
  const result = {
    tenantA: clientAuth("credentials.tenantA", given.tenantA),
    tenantB: clientAuth("credentials.tenantB", given.tenantB),
    operator: clientAuth("credentials.operator", given.operator),
  };
  if (identityOf(result.tenantA) !== undefined && identityOf(result.tenantA) === identityOf(result.tenantB)) {
    throw new ConfigError("credentials.tenantB", "must be a different tenant than credentials.tenantA: isolation checks need two tenants");
  }
  return result;
}

function clientAuth(field: string, value: unknown): ClientAuth {
  const auth = value as Record<string, unknown> | undefined;
  if (auth && "token" in auth) return { token: nonEmpty(`${field}.token`, auth.token) };
  if (auth && "tenant" in auth) {
    const roles = auth.roles === undefined ? undefined : strings(`${field}.roles`, auth.roles);
    return { tenant: nonEmpty(`${field}.tenant`, auth.tenant), ...(roles ? { roles } : {}) };
  }
  if (auth && auth.none === true) return { none: true };
  throw new ConfigError(field, `must be { token }, { tenant, roles? } or { none: true } (got ${show(value)})`);
}

function identityOf(auth: ClientAuth): string | undefined {
  if ("token" in auth) return `token:${auth.token}`;
  if ("tenant" in auth) return `tenant:${auth.tenant}`;
  return undefined;
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : inspect(value, { depth: 3, breakLength: Infinity });
}
