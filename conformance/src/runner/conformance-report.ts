export type CheckStatus = "pass" | "fail" | "skip";

/** The outcome of one check. */
export interface CheckResult {
  /** Where the check is registered: "common/identity", or "<layer>/<file>" for a layer's own. */
  suite: string;
  title: string;
  tags: string[];
  /** The layer it ran for (its module's name, also for common checks run through that module), or "common" for the endpoint's own. */
  layer: string;
  status: CheckStatus;
  durationMs: number;
  /** Why it failed (what the standard requires and what the endpoint did), or why it was skipped. */
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
}

/** Everything a run found; the JSON reporter writes it as is. */
export interface ConformanceReport {
  target: string;
  /** The layers under test, by module name. */
  layers: string[];
  /** Layers the endpoint declares that no module checks ("LAYER_COMPUTE"): each has a skipped result saying so. */
  uncheckedLayers: string[];
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
  return { passed: count("pass"), failed: count("fail"), skipped: count("skip") };
}

/** The result standing for a declared layer the suite has no module for: reported, never silently passed. */
export function uncheckedLayerResult(layer: string): CheckResult {
  return {
    suite: "common/layers", title: `${layer} is checked by a layer module [layers]`, tags: ["layers"], layer: "common", status: "skip", durationMs: 0,
    message: `the endpoint declares ${layer}, which this suite has no layer module for: none of its own checks ran`, cleanupErrors: [], logs: [],
  };
}

/** The suite of a result, with the layer it ran for when that is not already its folder: "<layer>/<file>", "<layer>/common/pagination". */
export function qualifiedSuite(result: Pick<CheckResult, "suite" | "layer">): string {
  return result.suite.startsWith(`${result.layer}/`) ? result.suite : `${result.layer}/${result.suite}`;
}
