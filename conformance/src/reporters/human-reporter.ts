import type { PlannedCheck } from "../registry/plan-checks.js";
import type { CheckResult, ConformanceReport, ConformanceSummary } from "../runner/conformance-report.js";

/** Where human output goes; progress is drawn only when it is a TTY. */
export interface ReporterOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface HumanReporter {
  onStart(check: PlannedCheck, index: number, total: number): void;
  onResult(result: CheckResult, index: number, total: number): void;
  /** Prints the run's footer, ending with the summary line. */
  onEnd(report: ConformanceReport): void;
}

const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
const CLEAR_LINE = "\r\x1b[2K";

/**
 * A line per check as it finishes (✓ / ✗ / - skip / ! warn, duration, the message
 * indented) under a heading naming the layer it ran for ("── <layer>"), a
 * spinner with the running check on a TTY, and a summary.
 */
export function createHumanReporter(out: ReporterOutput): HumanReporter {
  let spinner: NodeJS.Timeout | undefined;
  let layer: string | undefined;
  const stopSpinner = () => {
    if (!spinner) return;
    clearInterval(spinner);
    spinner = undefined;
    out.write(CLEAR_LINE);
  };
  return {
    onStart(check, index, total) {
      if (!out.isTTY) return;
      let frame = 0;
      const started = Date.now();
      const draw = () => out.write(`${CLEAR_LINE}${SPINNER[frame++ % SPINNER.length]} [${index + 1}/${total}] ${check.title} `
        + `(${((Date.now() - started) / 1000).toFixed(1)} s)`);
      draw();
      spinner = setInterval(draw, 100);
      spinner.unref();
    },
    onResult(result) {
      stopSpinner();
      if (result.layer !== layer) out.write(`${layer === undefined ? "" : "\n"}── ${result.layer}\n`);
      layer = result.layer;
      out.write(`${formatResult(result)}\n`);
    },
    onEnd(report) {
      stopSpinner();
      out.write(`\n${formatFooter(report)}\n${formatSummary(report.summary)}\n`);
    },
  };
}

/** `✓ title (12 ms)`, and under a failure or skip its message, indented. */
export function formatResult(result: CheckResult): string {
  const mark = { pass: "✓", fail: "✗", skip: "- skip", warn: "! warn" }[result.status];
  const lines = [`${mark} ${result.title} (${Math.round(result.durationMs)} ms)`];
  const details = [
    ...(result.status !== "pass" && result.message ? [result.message] : []),
    ...(result.status === "fail" ? result.cleanupErrors.map((e) => `cleanup: ${e}`) : []),
    ...(result.status === "fail" ? result.logs.map((l) => `log: ${l}`) : []),
  ];
  for (const detail of details) lines.push(...detail.split("\n").map((line) => `    ${line}`));
  return lines.join("\n");
}

/** "N passed, N failed, N skipped" (", N warnings" when there are any): the line scripts grep for. */
export function formatSummary(summary: ConformanceSummary): string {
  const warnings = summary.warnings > 0 ? `, ${summary.warnings} ${summary.warnings === 1 ? "warning" : "warnings"}` : "";
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped${warnings}`;
}

function formatFooter(report: ConformanceReport): string {
  const who = report.endpoint ? ` (${report.endpoint.vendor} ${report.endpoint.product} ${report.endpoint.version})` : "";
  const deselected = report.deselected > 0 ? `, ${report.deselected} left out by focus/skip` : "";
  const setup = report.setupError ? `setup failed: ${report.setupError}\n` : "";
  const unchecked = report.uncheckedLayers.length > 0 ? `; no module checks ${report.uncheckedLayers.join(", ")}` : "";
  const untested = report.untestedFeatures.length > 0 ? `; no check tests the declared ${report.untestedFeatures.join(", ")}` : "";
  const layers = report.layers.length === 0 ? "no layer" : `${report.layers.length === 1 ? "layer" : "layers"} ${report.layers.join(", ")}`;
  return `${setup}conformance of ${report.target}${who}, common checks and ${layers}${unchecked}${untested}, in ${(report.durationMs / 1000).toFixed(2)} s${deselected}`;
}
