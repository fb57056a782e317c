import type { ServiceMap } from "@strata/sdk/client";
import type { core } from "@strata/sdk/contracts";
import type { CheckContext, LayerCheckContext } from "../runner/check-context.js";
import type { LayerModule } from "./layer-module.js";
import { requirementIds } from "./requirement-id.js";
import { suiteOfCaller } from "./suite-of-caller.js";

/** The body of a check: throws (through `t`) to fail, returns to pass. */
export type CheckFn<C = CheckContext> = (t: C) => Promise<void> | void;

export interface CheckOptions {
  /** Optional features the check exercises; undeclared ones make it skip, never fail. */
  requires?: readonly core.Feature[];
  /** JUnit classname; default the registering file: `common/<file>`, or `<layer>/<file>` for `layers/<layer>/<file>`. */
  suite?: string;
  /** Overrides the config's timeoutMs for this check (for checks that wait on purpose). */
  timeoutMs?: number;
  /**
   * The requirement ids of the spec (docs/overview.md, "Keywords") the check
   * proves, for the map of requirements to checks (`npm run spec:coverage`):
   * `["TEL-STREAM-1", "CORE-ERR-2"]`.
   */
  covers?: readonly string[];
}

/** A probe a check is repeated for, one check per probe ("{rpc}" in its title). */
export interface ProbeItem {
  readonly rpc: string;
  readonly requires?: readonly core.Feature[];
}

/** One registered check. */
export interface ConformanceCheck {
  readonly title: string;
  /** The `[tags]` of the title, without brackets. */
  readonly tags: readonly string[];
  readonly suite: string;
  /** "common" for the common suites; the layer's name for its own checks. */
  readonly layer: string;
  /** "endpoint": runs once per run; "layer": once for each layer under test (its own layer only, unless common), with t.module. */
  readonly scope: "endpoint" | "layer";
  readonly requires: readonly core.Feature[];
  /** The requirement ids the check proves (CheckOptions.covers); empty when it names none. */
  readonly covers: readonly string[];
  readonly timeoutMs?: number;
  readonly run: CheckFn<any>;
  /** Set on a check repeated per probe: the probes of a layer, and the body for one. */
  readonly each?: {
    items(module: LayerModule): readonly ProbeItem[];
    run(t: LayerCheckContext, item: ProbeItem): Promise<void> | void;
  };
}

/** The registry the common suites register into. */
export interface CheckRegistry {
  /** A check of the endpoint as a whole, run once: "Probe answers ready [identity]". */
  check(title: string, options: CheckOptions, fn: CheckFn<CheckContext>): ConformanceCheck;
  /** A check run once for each layer under test, through its module (`t.module`). */
  checkEachLayer(title: string, options: CheckOptions, fn: CheckFn<LayerCheckContext>): ConformanceCheck;
  /** A check run once for each probe of each layer under test; "{rpc}" in the title names the probe's RPC. */
  checkEachProbe<P extends ProbeItem>(
    probes: (module: LayerModule) => readonly P[], title: string, options: CheckOptions,
    fn: (t: LayerCheckContext, probe: P) => Promise<void> | void,
  ): ConformanceCheck;
  /** Every check, in registration order. */
  readonly checks: readonly ConformanceCheck[];
}

/** The checks one layer registers for itself, its clients typed by its service map `S`. */
export interface LayerChecks<S extends ServiceMap> {
  check(title: string, options: CheckOptions, fn: CheckFn<LayerCheckContext<S>>): ConformanceCheck;
  readonly checks: readonly ConformanceCheck[];
}

/** A registry of common checks, for tests and for tools that assemble checks by hand. */
export function createRegistry(): CheckRegistry {
  const checks: ConformanceCheck[] = [];
  const add = (title: string, scope: ConformanceCheck["scope"], options: CheckOptions, run: CheckFn<any>, each?: ConformanceCheck["each"]) =>
    register(checks, { title, layer: "common", scope, options, run, each });
  return {
    checks,
    check: (title, options, fn) => add(title, "endpoint", options, fn),
    checkEachLayer: (title, options, fn) => add(title, "layer", options, fn),
    checkEachProbe: (probes, title, options, fn) => add(title, "layer", options, () => {},
      { items: probes, run: fn as NonNullable<ConformanceCheck["each"]>["run"] }),
  };
}

/**
 * A layer's own checks, csi-sanity style: each layer folder makes one and
 * hands `checks` to its module.
 *
 * @example
 * export const { check, checks } = createLayerChecks<typeof THING_SERVICES>("things");
 * check("CreateThing returns the thing as asked [things]", {}, async (t) => { await t.tenantA.things.createThing(request); });
 */
export function createLayerChecks<S extends ServiceMap>(layer: string): LayerChecks<S> {
  const checks: ConformanceCheck[] = [];
  return {
    checks,
    check: (title, options, fn) => register(checks, { title, layer, scope: "layer", options, run: fn }),
  };
}

function register(
  checks: ConformanceCheck[],
  entry: { title: string; layer: string; scope: ConformanceCheck["scope"]; options: CheckOptions; run: CheckFn<any>; each?: ConformanceCheck["each"] },
): ConformanceCheck {
  const { title, layer, options } = entry;
  if (checks.some((c) => c.title === title)) throw new TypeError(`check: "${title}" is registered twice for layer ${layer}`);
  const registered: ConformanceCheck = {
    title, layer, scope: entry.scope, suite: options.suite ?? suiteOfCaller() ?? layer, tags: tagsOf(title),
    requires: options.requires ?? [], covers: requirementIds(options.covers ?? [], `check "${title}"`), timeoutMs: options.timeoutMs,
    run: entry.run, ...(entry.each ? { each: entry.each } : {}),
  };
  checks.push(registered);
  return registered;
}

/** The registry the suites in `common/` register into. */
export const defaultRegistry = createRegistry();

/**
 * Registers a common check of the endpoint in the default registry.
 *
 * @example
 * check("Probe answers ready [identity]", {}, async (t) => {
 *   const probe = await t.expectCode(t.operator.identity.probe({}), rpc.Code.OK, "IdentityService.Probe");
 * });
 */
export const check: CheckRegistry["check"] = (title, options, fn) => defaultRegistry.check(title, options, fn);

/** Registers a common check run for each layer under test in the default registry. */
export const checkEachLayer: CheckRegistry["checkEachLayer"] = (title, options, fn) => defaultRegistry.checkEachLayer(title, options, fn);

/** Registers a common check run for each probe of each layer under test in the default registry. */
export const checkEachProbe: CheckRegistry["checkEachProbe"] = (probes, title, options, fn) => defaultRegistry.checkEachProbe(probes, title, options, fn);

/** The `[tags]` of a title, without brackets. */
export function tagsOf(title: string): string[] {
  return [...title.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!.trim());
}
