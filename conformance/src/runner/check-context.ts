import { isDeepStrictEqual, inspect } from "node:util";
import type { ServiceMap, StrataError } from "@strata/sdk/client";
import type { core, rpc } from "@strata/sdk/contracts";
import { CheckFailure, CheckSkip, CheckWarning } from "./check-errors.js";
import type { CleanupTracker } from "./cleanup-tracker.js";
import type { LayerModule } from "../registry/layer-module.js";
import { createEndpointScope, type CheckEnvironment, type EndpointScope } from "./endpoint-scope.js";
import { expectCode } from "./expect-code.js";
import { latencyToleranceMs } from "./latency-tolerance.js";

/** `t`, the argument of every check; its clients typed by a layer's services `S`. */
export interface CheckContext<S extends ServiceMap = {}> extends EndpointScope<S> {
  /** Aborted when the check ends or times out; pass it to long waits. */
  readonly signal: AbortSignal;
  /** Whether the endpoint declares a feature. */
  has(feature: core.Feature): boolean;
  /** Runs a call config.idempotencyRepeats times (or `times`), one after the other. */
  repeat<T>(fn: (attempt: number) => Promise<T>): Promise<T[]>;
  repeat<T>(times: number, fn: (attempt: number) => Promise<T>): Promise<T[]>;
  /** Asserts the exact status code of a call; `what` names the RPC and the situation. */
  expectCode<T>(call: Promise<T>, code: rpc.Code.OK, what: string): Promise<T>;
  expectCode(call: Promise<unknown>, code: rpc.Code, what: string, reason?: core.ErrorReason): Promise<StrataError>;
  /** Fails with `message` (what the standard requires) unless `condition` holds. */
  ensure(condition: unknown, message: string): void;
  /** Fails unless deep-equal; the message gets "expected …, got …" appended. */
  equal(actual: unknown, expected: unknown, message: string): void;
  /** Fails unless a reported latency agrees with the observed one within the configured tolerance. */
  expectLatency(reportedNs: bigint | number, observedMs: number, what: string): void;
  fail(message: string): never;
  /** Ends the check as skipped: it does not apply to this endpoint, or cannot provoke its case (say why). */
  skip(reason: string): never;
  /** Ends the check with a warning: the endpoint declares something the check could not test (say what and why). */
  warn(reason: string): never;
  /** Adds a line to the check's log (shown in reports). */
  log(...parts: unknown[]): void;
}

/** `t` of a check run through a layer module: the common checks reach the layer through `t.module`. */
export interface LayerCheckContext<S extends ServiceMap = {}> extends CheckContext<S> {
  /** The layer under test. */
  readonly module: LayerModule<S>;
  /** The config's layerParameters of the layer under test (empty when none are given). */
  readonly parameters: Readonly<Record<string, string>>;
}

/** Builds `t` for one check over the run's environment, with the layer under test when there is one. */
export function createCheckContext(
  env: CheckEnvironment,
  scope: { tracker: CleanupTracker; logs: string[]; signal: AbortSignal; module?: LayerModule },
): CheckContext & { module?: LayerModule; parameters?: Readonly<Record<string, string>> } {
  const fail = (message: string): never => { throw new CheckFailure(message); };
  const { config } = env;
  return {
    ...createEndpointScope(env, scope.tracker),
    ...(scope.module ? { module: scope.module, parameters: config.layerParameters[scope.module.name] ?? {} } : {}),
    signal: scope.signal,
    has: (feature) => env.capabilities.capabilities.some((c) => c.feature === feature),
    async repeat<T>(timesOrFn: number | ((attempt: number) => Promise<T>), maybeFn?: (attempt: number) => Promise<T>) {
      const [times, fn] = typeof timesOrFn === "number" ? [timesOrFn, maybeFn!] : [config.idempotencyRepeats, timesOrFn];
      const results: T[] = [];
      for (let attempt = 0; attempt < times; attempt++) results.push(await fn(attempt));
      return results;
    },
    expectCode: expectCode as CheckContext["expectCode"],
    ensure(condition, message) {
      if (!condition) fail(message);
    },
    equal(actual, expected, message) {
      if (!isDeepStrictEqual(actual, expected)) fail(`${message}: expected ${show(expected)}, got ${show(actual)}`);
    },
    expectLatency(reportedNs, observedMs, what) {
      const reportedMs = Number(reportedNs) / 1e6;
      const allowed = latencyToleranceMs(observedMs, config);
      if (Math.abs(reportedMs - observedMs) > allowed) {
        fail(`${what}: reported ${reportedMs.toFixed(3)} ms but the suite observed ${observedMs.toFixed(3)} ms; `
          + `the standard requires measured latency (tolerance ±${allowed.toFixed(3)} ms)`);
      }
    },
    fail,
    skip(reason) {
      throw new CheckSkip(reason);
    },
    warn(reason) {
      throw new CheckWarning(reason);
    },
    log(...parts) {
      scope.logs.push(parts.map((p) => (typeof p === "string" ? p : show(p))).join(" "));
    },
  };
}

function show(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Infinity });
}
