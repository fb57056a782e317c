import { core } from "@strata/sdk/contracts";
import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import "../common/index.js";
import { featureName } from "../helpers/describe-error.js";
import { defaultRegistry, type ConformanceCheck } from "../registry/check-registry.js";
import type { LayerModule } from "../registry/layer-module.js";
import { layerModules } from "../registry/layer-registry.js";
import { planChecks, type PlannedCheck } from "../registry/plan-checks.js";
import { matchesFilter, selectChecks } from "../registry/select-checks.js";
import { summarize, uncheckedLayerResult, untestedFeatureResult, type CheckResult, type ConformanceReport } from "./conformance-report.js";
import { openSession } from "./open-session.js";

export interface RunOptions {
  /** Called before each check (progress indicators). */
  onStart?(check: PlannedCheck, index: number, total: number): void;
  /** Called after each check, in order. */
  onResult?(result: CheckResult, index: number, total: number): void;
  /** Checks to run instead of the common suites and the modules' own (tests, custom kits); still planned per layer and filtered. */
  checks?: readonly ConformanceCheck[];
  /** The layer modules to choose from instead of the registered ones. */
  modules?: readonly LayerModule[];
}

/** Every check a run chooses from: the common suites and each module's own. */
export function allChecks(modules: readonly LayerModule[]): ConformanceCheck[] {
  return [...defaultRegistry.checks, ...modules.flatMap((m) => m.checks)];
}

/**
 * Runs the common suites and those of every layer under test against one
 * endpoint, one check after the other, and reports every result. The
 * layers under test are config.layer, else every registered layer the
 * endpoint declares in GetInfo.layers; a declared layer no module checks is
 * reported as skipped.
 *
 * @example
 * const report = await runConformance({ target: "127.0.0.1:7001", credentials });
 * if (report.summary.failed > 0) process.exitCode = 1;
 */
export async function runConformance(input: ConformanceConfigInput, options: RunOptions = {}): Promise<ConformanceReport> {
  const modules = options.modules ?? layerModules();
  const config = resolveConfig(input, modules.map((m) => m.name));
  const startedAt = new Date();
  const started = performance.now();
  const session = await openSession(config, modules);
  const planned = planChecks(options.checks ?? allChecks(modules), session.modules);
  const { selected, deselected } = selectChecks(planned, config);
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
  const untestedFeatures = session.setupError ? [] : untested(session.capabilities.capabilities.map((c) => c.feature), planned);
  const unchecked = [...session.uncheckedLayers.map(uncheckedLayerResult), ...untestedFeatures.map(untestedFeatureResult)]
    .filter((r) => (!config.focus.length || config.focus.some((f) => matchesFilter(r, f))) && !config.skip.some((f) => matchesFilter(r, f)));
  for (const result of unchecked) {
    results.push(result);
    options.onResult?.(result, results.length - 1, selected.length);
  }
  return {
    target: config.target,
    layers: session.modules.map((m) => m.name),
    uncheckedLayers: [...session.uncheckedLayers],
    untestedFeatures,
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

/**
 * The declared features no planned check requires (by name): the suite
 * cannot prove them, so each is reported as a warning, never passed in silence.
 */
function untested(declared: readonly core.Feature[], planned: readonly PlannedCheck[]): string[] {
  const exercised = new Set(planned.flatMap((c) => c.requires));
  return [...new Set(declared)].filter((f) => f !== core.Feature.FEATURE_UNSPECIFIED && !exercised.has(f)).map(featureName);
}
