import { isStrataError } from "@strata/sdk/client";
import type { PlannedCheck } from "../registry/plan-checks.js";
import { CheckFailure, CheckSkip, CheckWarning } from "./check-errors.js";
import { createCheckContext } from "./check-context.js";
import type { CheckEnvironment } from "./endpoint-scope.js";
import { createCleanupTracker } from "./cleanup-tracker.js";
import type { CheckResult, CheckStatus } from "./conformance-report.js";
import { describeError, featureName } from "../helpers/describe-error.js";
import { withTimeout } from "./with-timeout.js";

/**
 * Runs one check: skips it when the endpoint does not declare a feature it
 * requires, bounds it by its timeout, then runs its cleanups newest first.
 */
export async function runCheck(check: PlannedCheck, env: CheckEnvironment): Promise<CheckResult> {
  const base = { suite: check.suite, title: check.title, tags: [...check.tags], layer: check.layer, covers: [...check.covers] };
  const declared = new Set(env.capabilities.capabilities.map((c) => c.feature));
  const missing = check.requires.filter((feature) => !declared.has(feature));
  if (missing.length > 0) {
    const message = `endpoint does not declare ${missing.map(featureName).join(", ")}`;
    return { ...base, status: "skip", durationMs: 0, message, cleanupErrors: [], logs: [] };
  }

  const started = performance.now();
  const tracker = createCleanupTracker();
  const logs: string[] = [];
  const abort = new AbortController();
  const t = createCheckContext(env, { tracker, logs, signal: abort.signal, module: check.module });
  const timeoutMs = check.timeoutMs ?? env.config.timeoutMs;
  let outcome: { status: CheckStatus; message?: string } = { status: "pass" };
  try {
    await withTimeout(Promise.resolve().then(() => check.run(t)), timeoutMs,
      () => new CheckFailure(`did not finish within ${timeoutMs} ms`));
  } catch (error) {
    outcome = outcomeOf(error, logs);
  } finally {
    abort.abort();
  }
  const cleanupErrors = await tracker.runAll(env.config.timeoutMs);
  if ((outcome.status === "pass" || outcome.status === "warn") && cleanupErrors.length > 0) {
    outcome = { status: "fail", message: `cleanup failed: ${cleanupErrors.join("; ")}` };
  }
  return { ...base, ...outcome, durationMs: performance.now() - started, cleanupErrors, logs };
}

function outcomeOf(error: unknown, logs: string[]): { status: CheckStatus; message: string } {
  if (error instanceof CheckSkip) return { status: "skip", message: error.message };
  if (error instanceof CheckWarning) return { status: "warn", message: error.message };
  if (error instanceof CheckFailure) return { status: "fail", message: error.message };
  if (isStrataError(error)) return { status: "fail", message: `a call failed unexpectedly: ${describeError(error)}` };
  // A bug in the check itself, or in the client: keep the stack for whoever reads the report.
  if (error instanceof Error && error.stack) logs.push(error.stack);
  return { status: "fail", message: `the check threw ${describeError(error)}` };
}
