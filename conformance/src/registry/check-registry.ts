import type { core } from "@strata/sdk/contracts";
import type { ConformanceLayer } from "../layers.js";
import type { CheckContext } from "../runner/check-context.js";
import { suiteOfCaller } from "./suite-of-caller.js";

/** The body of a check: throws (through `t`) to fail, returns to pass. */
export type CheckFn = (t: CheckContext) => Promise<void> | void;

export interface CheckOptions {
  /** The layer the check belongs to; "common" checks run for every layer. */
  layer: ConformanceLayer | "common";
  /** Optional features the check exercises; undeclared ones make it skip, never fail. */
  requires?: readonly core.Feature[];
  /** JUnit classname; default the registering file, `suites/<area>/<file>` → "<area>/<file>". */
  suite?: string;
  /** Overrides the config's timeoutMs for this check (for checks that wait on purpose). */
  timeoutMs?: number;
}

/** One registered check. */
export interface ConformanceCheck {
  readonly title: string;
  /** The `[tags]` of the title, without brackets. */
  readonly tags: readonly string[];
  readonly suite: string;
  readonly layer: ConformanceLayer | "common";
  readonly requires: readonly core.Feature[];
  readonly timeoutMs?: number;
  readonly run: CheckFn;
}

export interface CheckRegistry {
  /** Registers a check; the title carries its tags: "ListVolumes pages without duplicates [storage] [pagination]". */
  check(title: string, options: CheckOptions, fn: CheckFn): ConformanceCheck;
  /** Every check, in registration order. */
  readonly checks: readonly ConformanceCheck[];
}

/** A registry of its own, for tests and for tools that assemble checks by hand. */
export function createRegistry(): CheckRegistry {
  const checks: ConformanceCheck[] = [];
  return {
    checks,
    check(title, options, fn) {
      const suite = options.suite ?? suiteOfCaller() ?? options.layer;
      if (checks.some((c) => c.title === title && c.layer === options.layer)) {
        throw new TypeError(`check: "${title}" is registered twice for layer ${options.layer}`);
      }
      const registered: ConformanceCheck = {
        title, suite, layer: options.layer, tags: tagsOf(title),
        requires: options.requires ?? [], timeoutMs: options.timeoutMs, run: fn,
      };
      checks.push(registered);
      return registered;
    },
  };
}

/** The registry the suites in `suites/` register into. */
export const defaultRegistry = createRegistry();

/**
 * Registers a check in the default registry, csi-sanity style.
 *
 * @example
 * check("CreateVolume is idempotent on name [storage] [idempotency]", { layer: "storage" }, async (t) => {
 *   const [first, ...repeats] = await t.repeat(() => t.tenantA.volumes.createVolume(request));
 * });
 */
export const check: CheckRegistry["check"] = (title, options, fn) => defaultRegistry.check(title, options, fn);

function tagsOf(title: string): string[] {
  return [...title.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!.trim());
}
