import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import { defaultRegistry, type ConformanceCheck } from "../registry/check-registry.js";
import { selectChecks } from "../registry/select-checks.js";
import "../common/index.js";
import "../layers/index.js";
import { summarize, type CheckResult, type ConformanceReport } from "./conformance-report.js";
import { featureName } from "../helpers/describe-error.js";
import { openSession } from "./open-session.js";

export interface RunOptions {
  /** Called before each check (progress indicators). */
  onStart?(check: ConformanceCheck, index: number, total: number): void;
  /** Called after each check, in order. */
  onResult?(result: CheckResult, index: number, total: number): void;
  /** Checks to run instead of the registered suites (for tests and custom kits); still filtered by layer, focus and skip. */
  checks?: readonly ConformanceCheck[];
}

/**
 * Runs the conformance suite of a layer (and the common suites) against one
 * endpoint, one check after the other, and reports every result.
 *
 * @example
 * const report = await runConformance({ target: "127.0.0.1:7001", layer: "storage", credentials });
 * if (report.summary.failed > 0) process.exitCode = 1;
 */
export async function runConformance(input: ConformanceConfigInput, options: RunOptions = {}): Promise<ConformanceReport> {
  const config = resolveConfig(input);
  const startedAt = new Date();
  const started = performance.now();
  const { selected, deselected } = selectChecks(options.checks ?? defaultRegistry.checks, config);
  const session = await openSession(config);
  const results: CheckResult[] = [];
  try {
    for (const [index, check] of selected.entries()) {
      options.onStart?.(check, index, selected.length);
      const result = await session.run(check);
      results.push(result);
      options.onResult?.(result, index, selected.length);
    }
  } finally {
    session.close();
  }
  return {
    target: config.target,
    layer: config.layer,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
    endpoint: session.endpoint,
    capabilities: session.capabilities.capabilities.map((c) => featureName(c.feature)),
    setupError: session.setupError,
    results,
    summary: summarize(results),
    deselected,
  };
}
