import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { inspect } from "node:util";
import type { ClientAuth } from "@strata/sdk/client";
import { layerModules } from "./registry/layer-registry.js";

/** The three identities the suite calls as. */
export type Principal = "tenantA" | "tenantB" | "operator";
export const PRINCIPALS: readonly Principal[] = ["tenantA", "tenantB", "operator"];

/** A client certificate and its key, for mTLS. */
export interface ClientKeyPair {
  certPath: string;
  keyPath: string;
}

/** TLS files for the connection; plaintext when absent. */
export interface TlsConfig {
  /** CA bundle that signs the endpoint's certificate. */
  caPath?: string;
  /** Client certificate and key, for mTLS, of every principal without its own. Both or neither. */
  certPath?: string;
  keyPath?: string;
  /**
   * A client certificate of its own per principal: against an endpoint that
   * takes the tenant (and the operator role) from the certificate, tenant A,
   * tenant B and the operator each need theirs, or isolation cannot be checked.
   */
  principals?: Partial<Record<Principal, ClientKeyPair>>;
  /** Expected server name when it differs from the target's host. */
  serverNameOverride?: string;
}

/**
 * Who the suite calls as: two tenants (isolation checks) and an operator.
 * `{ none: true }` when the principal's client certificate alone identifies it.
 */
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
  /**
   * How the suite makes an id no resource has (for lookups that must answer
   * NOT_FOUND), csi-sanity's IDGen: `{hex:N}` becomes N random bytes in hex,
   * `{uuid}` a random UUID. Default "conformance-absent-{hex:8}"; an endpoint
   * whose ids are UUIDs takes "{uuid}", so that the id is well-formed.
   */
  absentIdTemplate: string;
  /**
   * Free-form parameters per layer, by module name, that the layer's module
   * reads when it creates resources and drives traffic (a volume's size, a
   * pool to use): `{ <layer>: { <name>: "<value>" } }`. A module that
   * lists its parameters (LayerModule.parameters) refuses the others.
   */
  layerParameters: Record<string, Record<string, string>>;
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
   * How far the endpoint's clock may be from the suite's, ms: a record's
   * start_time_unix_nano lies within the call as the suite's clock saw it,
   * give or take this. Default 50; an endpoint on another host needs its
   * clock synchronised (NTP) to within it.
   */
  clockToleranceMs: number;
}

/** What a caller passes: the config with its defaults optional. */
export type ConformanceConfigInput = Pick<ConformanceConfig, "target" | "credentials">
  & Partial<Omit<ConformanceConfig, "target" | "credentials">>;

export const CONFIG_DEFAULTS = {
  applicationId: "conformance",
  timeoutMs: 10_000,
  idempotencyRepeats: 10,
  latencyToleranceMs: 10,
  latencyToleranceRatio: 0.25,
  clockToleranceMs: 50,
  absentIdTemplate: "conformance-absent-{hex:8}",
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
 * `layer` and `layerParameters` may name (the registered ones by default),
 * `parameterNames` the parameters a layer lists (undefined: any).
 *
 * @example
 * resolveConfig({ target: "127.0.0.1:7001",
 *   credentials: { tenantA: { tenant: "a" }, tenantB: { tenant: "b" }, operator: { tenant: "ops", roles: ["operator"] } } });
 */
export function resolveConfig(
  input: ConformanceConfigInput,
  layers: readonly string[] = layerModules().map((m) => m.name),
  parameterNames: (layer: string) => readonly string[] | undefined = (layer) => parametersOf(layerModules().find((m) => m.name === layer)),
): ConformanceConfig {
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
    clockToleranceMs: number("clockToleranceMs", raw.clockToleranceMs ?? CONFIG_DEFAULTS.clockToleranceMs),
    absentIdTemplate: idTemplate("absentIdTemplate", raw.absentIdTemplate ?? CONFIG_DEFAULTS.absentIdTemplate),
    layerParameters: parameters("layerParameters", raw.layerParameters ?? {}, layers, parameterNames),
  };
  if (raw.layer !== undefined) config.layer = oneOf("layer", raw.layer, layers);
  if (raw.tls !== undefined) config.tls = tls(raw.tls);
  distinctCertificates(config);
  return config;
}

/** The certificate and key a principal connects with: its own, else the shared one. */
export function clientKeyPairOf(config: Pick<ConformanceConfig, "tls">, who: Principal): Partial<ClientKeyPair> {
  const own = config.tls?.principals?.[who];
  return own ?? { certPath: config.tls?.certPath, keyPath: config.tls?.keyPath };
}

/** A new id from an absentIdTemplate ("conformance-absent-{hex:8}", "{uuid}"). */
export function idFromTemplate(template: string): string {
  return template.replace(/\{uuid\}/g, () => randomUUID()).replace(/\{hex:(\d+)\}/g, (_, bytes: string) => randomBytes(Number(bytes)).toString("hex"));
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

function tls(value: unknown): TlsConfig {
  if (typeof value !== "object" || value === null) throw new ConfigError("tls", `must be an object (got ${show(value)})`);
  const files = value as TlsConfig;
  existing("tls", files, ["caPath", "certPath", "keyPath"]);
  if ((files.certPath === undefined) !== (files.keyPath === undefined)) {
    throw new ConfigError(files.certPath === undefined ? "tls.certPath" : "tls.keyPath", "is required with the other half of the client key pair");
  }
  if (files.principals !== undefined) {
    if (typeof files.principals !== "object" || files.principals === null) throw new ConfigError("tls.principals", `must be an object (got ${show(files.principals)})`);
    for (const [who, pair] of Object.entries(files.principals)) {
      const field = `tls.principals.${who}`;
      if (!PRINCIPALS.includes(who as Principal)) throw new ConfigError(field, `names no principal: one of ${PRINCIPALS.join(", ")}`);
      if (typeof pair !== "object" || pair === null || pair.certPath === undefined || pair.keyPath === undefined) {
        throw new ConfigError(field, `must be { certPath, keyPath } (got ${show(pair)})`);
      }
      existing(field, pair, ["certPath", "keyPath"]);
    }
  }
  return files;
}

function existing<T extends object>(field: string, files: T, keys: ReadonlyArray<keyof T & string>): void {
  for (const key of keys) {
    const path = files[key];
    if (path !== undefined && !existsSync(nonEmpty(`${field}.${key}`, path))) throw new ConfigError(`${field}.${key}`, `names a file that does not exist: ${String(path)}`);
  }
}

/** Tenant A and tenant B identified by one and the same certificate (and nothing else) cannot be told apart. */
function distinctCertificates(config: ConformanceConfig): void {
  const byCertificate = (who: Principal) => ("none" in config.credentials[who] ? clientKeyPairOf(config, who).certPath : undefined);
  const a = byCertificate("tenantA");
  if (a !== undefined && a === byCertificate("tenantB")) {
    throw new ConfigError("tls.principals.tenantB", "must be another client certificate than tenant A's: isolation checks need two tenants");
  }
}

function idTemplate(field: string, value: unknown): string {
  const template = nonEmpty(field, value);
  if (!/\{(uuid|hex:\d+)\}/.test(template)) throw new ConfigError(field, `must contain {uuid} or {hex:N}, so that every id is new (got ${show(value)})`);
  return template;
}

function parameters(
  field: string, value: unknown, layers: readonly string[], names: (layer: string) => readonly string[] | undefined,
): Record<string, Record<string, string>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(field, `must map layer names to parameters (got ${show(value)})`);
  const result: Record<string, Record<string, string>> = {};
  for (const [layer, given] of Object.entries(value)) {
    if (!layers.includes(layer)) throw new ConfigError(`${field}.${layer}`, `names no layer module: one of ${layers.join(", ") || "(none registered)"}`);
    if (typeof given !== "object" || given === null || Array.isArray(given)) throw new ConfigError(`${field}.${layer}`, `must map names to strings (got ${show(given)})`);
    const known = names(layer);
    result[layer] = {};
    for (const [name, parameter] of Object.entries(given as Record<string, unknown>)) {
      if (known && !known.includes(name)) throw new ConfigError(`${field}.${layer}.${name}`, `is not a parameter of ${layer}: one of ${known.join(", ") || "(none)"}`);
      if (typeof parameter !== "string") throw new ConfigError(`${field}.${layer}.${name}`, `must be a string (got ${show(parameter)})`);
      result[layer][name] = parameter;
    }
  }
  return result;
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

function parametersOf(module: { parameters?: Readonly<Record<string, string>> } | undefined): readonly string[] | undefined {
  return module?.parameters ? Object.keys(module.parameters) : undefined;
}

function identityOf(auth: ClientAuth): string | undefined {
  if ("token" in auth) return `token:${auth.token}`;
  if ("tenant" in auth) return `tenant:${auth.tenant}`;
  return undefined;
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : inspect(value, { depth: 3, breakLength: Infinity });
}
