// The main job on the bundled defaults (`npm start`): starts every vendor of
// the reference vendor registry, runs the whole conformance suite against each
// (the layer taken from what it declares), and the swap proof for each pair of
// vendors of a layer, then starts the reference hub over one vendor per
// layer and runs the hub's conformance module against it (main-job/hub-suite.ts),
// then the management module against `strata manage` reading that hub
// (main-job/management-suite.ts), prints a vendor × suite matrix (the hub and
// the management endpoint columns of it), and writes JSON and
// JUnit reports to reports/. Exit code 1 if anything failed. Each vendor and
// its suite run in a process of their own (main-job/vendor-suite.ts); the
// suites, then the swap proofs, run 3 at a time: `npm start -- --concurrency N` or
// STRATA_CI_CONCURRENCY=N to change it (1: one after the other).
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatJson, formatJunitXml, formatSwapReport, LAYER_MODULES, runSwap } from "@strata/conformance";
import { REFERENCE_VENDORS, type ReferenceVendor } from "@strata/reference-impls";
import { formatMatrix } from "./main-job/format-matrix.js";
import { concurrencyOf, runPooled } from "./main-job/run-pooled.mjs";
import type { HubSuiteResult } from "./main-job/hub-suite.js";
import type { VendorSuiteResult } from "./main-job/vendor-suite.js";

const started = Date.now();
const reportsDir = join(import.meta.dirname, "..", "reports");
mkdirSync(reportsDir, { recursive: true });
const concurrency = concurrencyOf(3);
const secret = randomBytes(32).toString("hex");

/** A vendor whose suite has run in its own process, which keeps it up for the swap proofs. */
interface SuiteRun extends VendorSuiteResult { vendor: ReferenceVendor; child: ChildProcess }

/** Forks the vendor's own process; resolves once its suite has run, with everything it printed kept in `output`. */
function runSuite(vendor: ReferenceVendor, output: string[]): Promise<SuiteRun> {
  const child = fork(join(import.meta.dirname, "main-job", "vendor-suite.ts"), [vendor.name], {
    env: { ...process.env, STRATA_JWT_SECRET: secret }, serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.setEncoding("utf8").on("data", (text: string) => output.push(text));
  return new Promise((resolve, reject) => {
    child.once("message", (result) => resolve({ ...(result as VendorSuiteResult), vendor, child }));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the process of ${vendor.name} exited with ${code} before its suite ended:\n${output.join("")}`)));
  });
}

/** Forks the hub's process over `behind` (the first driven by the suite); resolves with its report once its suite has run. */
function runHubSuite(behind: readonly SuiteRun[], output: string[]): Promise<HubSuiteResult> {
  const child = fork(join(import.meta.dirname, "main-job", "hub-suite.ts"), [JSON.stringify(behind.map((r) => r.config))], {
    env: { ...process.env, STRATA_JWT_SECRET: secret }, serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.setEncoding("utf8").on("data", (text: string) => output.push(text));
  return new Promise((resolve, reject) => {
    child.once("message", (result) => resolve(result as HubSuiteResult));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the hub's process exited with ${code} before its suite ended:\n${output.join("")}`)));
  });
}

const runs: SuiteRun[] = [];
let failed = false;
try {
  // The suites run a few vendors at once (mostly they wait on sample intervals and pacing), each in a
  // process of its own; each vendor's lines are printed whole when its run ends, and the matrix keeps the registry's order.
  console.log(`running the suite against ${REFERENCE_VENDORS.length} vendors, ${concurrency} at a time`);
  const reports = await runPooled(REFERENCE_VENDORS.map((vendor) => async () => {
    const output: string[] = [];
    const run = await runSuite(vendor, output);
    runs.push(run);
    const { report } = run;
    const lines = [`\nthe suite against ${vendor.name} (${run.config.target}):`, ...(output.length > 0 ? [output.join("").trimEnd()] : [])];
    const { passed, failed: failures, skipped, warnings } = report.summary;
    lines.push(`  layers ${report.layers.join(", ") || "none"}: ${passed} passed, ${failures} failed, ${skipped} skipped, ${warnings} warnings in ${(report.durationMs / 1000).toFixed(1)} s`);
    for (const r of report.results.filter((x) => x.status === "fail")) lines.push(`  ✗ ${r.title}\n      ${r.message ?? ""}`);
    for (const r of report.results.filter((x) => x.status === "warn")) lines.push(`  ! ${r.title}\n      ${r.message ?? ""}`);
    // A vendor whose own layer went unchecked passed only the common suites: that is no pass.
    const unchecked = !report.layers.includes(vendor.layer);
    if (unchecked) {
      const known = LAYER_MODULES.some((m) => m.name === vendor.layer);
      lines.push(`  ✗ its layer ${vendor.layer} was not checked: ${known ? "the vendor does not declare it in GetInfo.layers" : "no layer module of the suite is named so"}`);
    }
    writeFileSync(join(reportsDir, `${vendor.name}.json`), formatJson(report));
    writeFileSync(join(reportsDir, `${vendor.name}.junit.xml`), formatJunitXml(report));
    console.log(lines.join("\n"));
    failed ||= failures > 0 || report.setupError !== undefined || unchecked;
    return { vendor: vendor.name, report };
  }), concurrency);

  // Each pair's swap proof against the same vendors, once both suites are done (a suite's calls must
  // not reach the scenario's telemetry); pairs share no vendor, so they run concurrently too.
  const ordered = REFERENCE_VENDORS.map((v) => runs.find((r) => r.vendor === v)!);
  const pairs = ordered.flatMap((a, i) => ordered.slice(i + 1).filter((b) => b.vendor.layer === a.vendor.layer).map((b) => [a, b] as const));
  const swaps = await runPooled(pairs.map(([a, b]) => async () => {
    const swap = await runSwap({ ...a.config, layer: a.vendor.layer }, { ...b.config, layer: b.vendor.layer });
    const pair = `${a.vendor.name} ↔ ${b.vendor.name}`;
    console.log(`\nswap proof ${pair}: ${swap.passed ? "same shapes" : `${swap.differences} difference(s)`}${swap.passed ? "" : `\n${formatSwapReport(swap)}`}`);
    writeFileSync(join(reportsDir, `swap-${a.vendor.name}-${b.vendor.name}.json`), formatJson(swap));
    failed ||= !swap.passed;
    return { pair, passed: swap.passed };
  }), concurrency);

  // The hub over the first vendor of each layer, once the swap proofs are done (its suite drives traffic
  // on the first vendor, which must not reach a scenario's telemetry).
  const behind = ordered.filter((r, i) => ordered.findIndex((o) => o.vendor.layer === r.vendor.layer) === i);
  const hubOutput: string[] = [];
  const hubRun = await runHubSuite(behind, hubOutput);
  const { summary } = hubRun.report;
  const hubLines = [`\nthe hub suite against the reference hub (${hubRun.target}) over ${behind.map((r) => r.vendor.name).join(", ")}:`,
    ...(hubOutput.length > 0 ? [hubOutput.join("").trimEnd()] : []),
    `  ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.warnings} warnings in ${(hubRun.report.durationMs / 1000).toFixed(1)} s`];
  for (const r of hubRun.report.results.filter((x) => x.status === "fail")) hubLines.push(`  ✗ ${r.title}\n      ${r.message ?? ""}`);
  console.log(hubLines.join("\n"));
  writeFileSync(join(reportsDir, "hub.json"), formatJson(hubRun.report));
  writeFileSync(join(reportsDir, "hub.junit.xml"), formatJunitXml(hubRun.report));
  failed ||= summary.failed > 0 || hubRun.report.setupError !== undefined;
  reports.push({ vendor: "hub", report: hubRun.report });

  const management = hubRun.management;
  const counts = management.report.summary;
  const managementLines = [`\nthe management suite against strata manage (${management.target}) reading the hub:`,
    `  ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.warnings} warnings in ${(management.report.durationMs / 1000).toFixed(1)} s`];
  for (const r of management.report.results.filter((x) => x.status !== "pass")) managementLines.push(`  ${r.status === "fail" ? "✗" : r.status === "skip" ? "-" : "!"} ${r.title}\n      ${r.message ?? ""}`);
  console.log(managementLines.join("\n"));
  writeFileSync(join(reportsDir, "management.json"), formatJson(management.report));
  writeFileSync(join(reportsDir, "management.junit.xml"), formatJunitXml(management.report));
  failed ||= counts.failed > 0 || management.report.setupError !== undefined;
  reports.push({ vendor: "management", report: management.report });

  console.log(`\n${formatMatrix(reports, swaps)}`);
  console.log(`\nreports in ${reportsDir}; finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  // Disconnecting stops each vendor; its process then exits.
  await Promise.all(runs.map(({ child }) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
    child.once("exit", resolve);
    child.disconnect();
  })));
}
process.exitCode = failed ? 1 : 0;
