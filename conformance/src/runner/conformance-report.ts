import type { ConformanceLayer } from "../layers.js";

export type CheckStatus = "pass" | "fail" | "skip";

/** The outcome of one check. */
export interface CheckResult {
  /** Where the check is registered: "common/identity", "storage/volumes". */
  suite: string;
  title: string;
  tags: string[];
  layer: ConformanceLayer | "common";
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
  layer: ConformanceLayer;
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
  /** Checks of the layer that focus/skip left out. */
  deselected: number;
}

export function summarize(results: readonly CheckResult[]): ConformanceSummary {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  return { passed: count("pass"), failed: count("fail"), skipped: count("skip") };
}
