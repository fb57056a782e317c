import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { REFERENCE_VENDORS } from "../reference-vendors.js";

/** The six layers, bottom-up: the order the launcher starts them in, each wired to the one it calls. */
export const STACK_LAYERS = ["storage", "fabric", "network", "compute", "access", "device"] as const;
export type StackLayer = (typeof STACK_LAYERS)[number];

/** One tenant and the applications the stack provisions for it. */
export interface TenantConfig {
  id: string;
  applications: string[];
}

/** The load the launcher drives: device transactions on the access route. */
export interface WorkloadConfig {
  /** Transactions per second over all devices; 0: as fast as `concurrency` allows. */
  rate: number;
  /** How long the load runs, seconds. */
  durationSeconds: number;
  /** Transactions in flight at most. */
  concurrency: number;
  /** Devices enrolled per application. */
  devicesPerApplication: number;
  /** Bytes each transaction carries. */
  payloadBytes: number;
}

/** A whole stack, as `stack.yaml` describes it (docs/stack.md). */
export interface StackConfig {
  /** The reference vendor of each layer, by name: swapping one is one line. */
  layers: Record<StackLayer, string>;
  /** `jwt`: every endpoint verifies bearer tokens signed with a fresh secret; `dev`: development headers. */
  auth: "jwt" | "dev";
  sampleIntervalMs: number;
  /** The hub's settle window, ms. */
  settleMs: number;
  /** Where the hub listens (default 127.0.0.1:0, a free port). */
  hubListen: string;
  tenants: TenantConfig[];
  workload: WorkloadConfig;
}

/** A config that breaks a rule: the message names the field. */
export class StackConfigError extends Error {
  override name = "StackConfigError";
}

const ID = /^[A-Za-z0-9._-]{1,128}$/;

function field<T>(value: unknown, path: string, check: (v: unknown) => v is T, rule: string): T {
  if (!check(value)) throw new StackConfigError(`${path}: ${rule}, got ${JSON.stringify(value)}`);
  return value;
}
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === "string" && ID.test(v);
const isNumberAtLeast = (min: number) => (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= min;
const isWholeAtLeast = (min: number) => (v: unknown): v is number => Number.isInteger(v) && (v as number) >= min;
const optional = <T>(value: unknown, fallback: T, read: (v: unknown) => T): T => (value === undefined ? fallback : read(value));

/** Durations as a number of seconds or a string such as "10s", "500ms", "2m". */
function seconds(value: unknown, path: string): number {
  if (typeof value === "number" && value > 0) return value;
  const match = typeof value === "string" ? /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim()) : null;
  if (!match || Number(match[1]) <= 0) throw new StackConfigError(`${path}: a positive duration such as 10, "10s", "500ms" or "2m", got ${JSON.stringify(value)}`);
  return Number(match[1]) * ({ ms: 0.001, s: 1, m: 60 }[match[2] ?? "s"] ?? 1);
}

function layersOf(value: unknown): Record<StackLayer, string> {
  const layers = field(value, "layers", isRecord, "a map of layer to vendor");
  for (const key of Object.keys(layers)) {
    if (!(STACK_LAYERS as readonly string[]).includes(key)) throw new StackConfigError(`layers.${key}: not a layer (one of ${STACK_LAYERS.join(", ")})`);
  }
  const out = {} as Record<StackLayer, string>;
  for (const layer of STACK_LAYERS) {
    const names = REFERENCE_VENDORS.filter((v) => v.layer === layer).map((v) => v.name);
    const name = field(layers[layer], `layers.${layer}`, (v): v is string => typeof v === "string" && names.includes(v), `one of ${names.join(", ")}`);
    out[layer] = name;
  }
  return out;
}

function tenantsOf(value: unknown): TenantConfig[] {
  const list = field(value, "tenants", (v): v is unknown[] => Array.isArray(v) && v.length > 0, "a non-empty list of tenants");
  const seen = new Set<string>();
  return list.map((entry, i) => {
    const tenant = field(entry, `tenants[${i}]`, isRecord, "a tenant ({ id, applications })");
    const id = field(tenant.id, `tenants[${i}].id`, isId, "1 to 128 characters of [A-Za-z0-9._-]");
    if (seen.has(id)) throw new StackConfigError(`tenants[${i}].id: tenant ${id} is listed twice`);
    seen.add(id);
    const apps = field(tenant.applications, `tenants[${i}].applications`, (v): v is unknown[] => Array.isArray(v) && v.length > 0, "a non-empty list of application ids");
    return { id, applications: apps.map((a, j) => field(a, `tenants[${i}].applications[${j}]`, isId, "1 to 128 characters of [A-Za-z0-9._-]")) };
  });
}

function workloadOf(value: unknown): WorkloadConfig {
  const w = optional(value, {} as Record<string, unknown>, (v) => field(v, "workload", isRecord, "a map"));
  return {
    rate: optional(w.rate, 20, (v) => field(v, "workload.rate", isNumberAtLeast(0), "transactions per second, 0 or more")),
    durationSeconds: optional(w.duration, 10, (v) => seconds(v, "workload.duration")),
    concurrency: optional(w.concurrency, 8, (v) => field(v, "workload.concurrency", isWholeAtLeast(1), "a whole number of at least 1")),
    devicesPerApplication: optional(w.devicesPerApplication, 2, (v) => field(v, "workload.devicesPerApplication", isWholeAtLeast(1), "a whole number of at least 1")),
    payloadBytes: optional(w.payloadBytes, 256, (v) => field(v, "workload.payloadBytes", isWholeAtLeast(0), "a whole number of bytes")),
  };
}

/** Reads a stack config from YAML text; `source` names it in errors. Every field but `layers` and `tenants` has a default. */
export function parseStackConfig(text: string, source = "stack config"): StackConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new StackConfigError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  try {
    const root = field(doc, "(root)", isRecord, "a map");
    const known = ["layers", "auth", "sampleIntervalMs", "settleMs", "hub", "tenants", "workload"];
    for (const key of Object.keys(root)) if (!known.includes(key)) throw new StackConfigError(`${key}: unknown field (known: ${known.join(", ")})`);
    const hub = optional(root.hub, {} as Record<string, unknown>, (v) => field(v, "hub", isRecord, "a map"));
    return {
      layers: layersOf(root.layers),
      auth: optional(root.auth, "jwt" as const, (v) => field(v, "auth", (x): x is "jwt" | "dev" => x === "jwt" || x === "dev", `"jwt" or "dev"`)),
      sampleIntervalMs: optional(root.sampleIntervalMs, 250, (v) => field(v, "sampleIntervalMs", isWholeAtLeast(10), "a whole number of ms, at least 10")),
      settleMs: optional(hub.settleMs ?? root.settleMs, 2000, (v) => field(v, "hub.settleMs", isWholeAtLeast(1), "a whole number of ms, at least 1")),
      hubListen: optional(hub.listen, "127.0.0.1:0", (v) => field(v, "hub.listen", (x): x is string => typeof x === "string" && x !== "", "an address host:port")),
      tenants: tenantsOf(root.tenants),
      workload: workloadOf(root.workload),
    };
  } catch (error) {
    if (error instanceof StackConfigError) throw new StackConfigError(`${source}: ${error.message}`);
    throw error;
  }
}

/** The bundled default config: reference-impls/src/stack/default-stack.yaml, from the sources or from dist/ alike. */
export const DEFAULT_CONFIG_PATH = new URL("../../src/stack/default-stack.yaml", import.meta.url);

/** Reads and checks a config file; the bundled default when `path` is undefined. */
export function loadStackConfig(path?: string): StackConfig {
  const file = path ?? DEFAULT_CONFIG_PATH;
  return parseStackConfig(readFileSync(file, "utf8"), String(path ?? "the bundled default config"));
}

/** `config` with some layers' vendors replaced: the swap demo's one-line changes. */
export function withVendors(config: StackConfig, vendors: Partial<Record<StackLayer, string>>): StackConfig {
  return { ...config, layers: { ...config.layers, ...vendors } };
}
