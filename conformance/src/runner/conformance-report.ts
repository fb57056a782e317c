/**
 * How a check ended: "warn" is a declared feature (or part of one) the suite
 * could not test: never a pass, never a failure, always shown.
 */
export type CheckStatus = "pass" | "fail" | "skip" | "warn";

/** The outcome of one check. */
export interface CheckResult {
  /** Where the check is registered: "common/identity", or "<layer>/<file>" for a layer's own. */
  suite: string;
  title: string;
  tags: string[];
  /** The layer it ran for (its module's name, also for common checks run through that module), or "common" for the endpoint's own. */
  layer: string;
  /** The requirement ids the check proves (its own, and those its layer's module adds for it). */
  covers: string[];
  status: CheckStatus;
  durationMs: number;
  /** Why it failed (what the standard requires and what the endpoint did), why it was skipped, or what the warning is about. */
  message?: string;
  /** Cleanups that failed; they fail a passing check but never replace a failure's message. */
  cleanupErrors: string[];
  /** Lines the check logged with `t.log`. */
  logs: string[];
}

/** Who answered GetInfo. */
export interface EndpointSummary {
  vendor: string;
  product: string;
  version: string;
  specVersion: string;
}

export interface ConformanceSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Results with status "warn": declared features the suite could not test. */
  warnings: number;
}

/** Everything a run found; the JSON reporter writes it as is. */
export interface ConformanceReport {
  target: string;
  /** The layers under test, by module name. */
  layers: string[];
  /** Layers the endpoint declares that no module checks ("LAYER_COMPUTE"): each has a skipped result saying so. */
  uncheckedLayers: string[];
  /** Features the endpoint declares that no check of the run tests: each has a warning result saying so. */
  untestedFeatures: string[];
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  endpoint?: EndpointSummary;
  /** The features the endpoint declares, by name. */
  capabilities: string[];
  /** Why the run could not read the endpoint's capabilities; every check then fails with it. */
  setupError?: string;
  results: CheckResult[];
  summary: ConformanceSummary;
  /** Checks that focus/skip left out. */
  deselected: number;
}

export function summarize(results: readonly CheckResult[]): ConformanceSummary {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  return { passed: count("pass"), failed: count("fail"), skipped: count("skip"), warnings: count("warn") };
}

/** The result standing for a declared layer the suite has no module for: reported, never silently passed. */
export function uncheckedLayerResult(layer: string): CheckResult {
  return {
    suite: "common/layers", title: `${layer} is checked by a layer module [layers]`, tags: ["layers"], layer: "common", covers: [], status: "skip", durationMs: 0,
    message: `the endpoint declares ${layer}, which this suite has no layer module for: none of its own checks ran`, cleanupErrors: [], logs: [],
  };
}

/** The result standing for a declared feature no check of the run tests: a warning, never a silent pass. */
export function untestedFeatureResult(feature: string): CheckResult {
  return {
    suite: "common/capabilities", title: `${feature} is tested by a check [capabilities]`, tags: ["capabilities"], layer: "common",
    covers: ["CORE-CAP-3"], status: "warn", durationMs: 0,
    message: `the endpoint declares ${feature}, which no check of this suite (for the layers under test) exercises: it is declared but unproven`,
    cleanupErrors: [], logs: [],
  };
}

/** The suite of a result, with the layer it ran for when that is not already its folder: "<layer>/<file>", "<layer>/common/pagination". */
export function qualifiedSuite(result: Pick<CheckResult, "suite" | "layer">): string {
  return result.suite.startsWith(`${result.layer}/`) ? result.suite : `${result.layer}/${result.suite}`;
}
