// The main job on the bundled defaults (`npm start`): starts every vendor of
// the reference vendor registry, runs the whole conformance suite against each
// (the layer taken from what it declares), and the swap proof for each pair of
// vendors of a layer, prints a vendor × suite matrix, and writes JSON and
// JUnit reports to reports/. Exit code 1 if anything failed. The suites and
// the swap proofs run 3 at a time: `npm start -- --concurrency N` or
// STRATA_CI_CONCURRENCY=N to change it (1: one after the other).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  formatJson, formatJunitXml, formatSwapReport, LAYER_MODULES, runConformance, runSwap,
} from "@strata/conformance";
import { formatMatrix } from "./main-job/format-matrix.js";
import { startReferenceVendors } from "./main-job/reference-vendors.js";
import { concurrencyOf, runPooled } from "./main-job/run-pooled.mjs";

const started = Date.now();
const reportsDir = join(import.meta.dirname, "..", "reports");
mkdirSync(reportsDir, { recursive: true });

const concurrency = concurrencyOf(3);
const vendors = await startReferenceVendors();
let failed = false;
try {
  // The suites run a few vendors at once (mostly they wait on sample intervals and pacing);
  // each vendor's lines are kept and printed whole when its run ends, and the matrix keeps the registry's order.
  console.log(`running the suite against ${vendors.length} vendors, ${concurrency} at a time`);
  const reports = await runPooled(vendors.map((vendor) => async () => {
    const lines = [`\nthe suite against ${vendor.name} (${vendor.config.target}):`];
    const report = await runConformance(vendor.config);
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

  // Each pair's swap proof once both suites are done (a suite's calls must not reach the scenario's
  // telemetry); pairs share no vendor, so they run concurrently too.
  const pairs = vendors.flatMap((a, i) => vendors.slice(i + 1).filter((b) => b.layer === a.layer).map((b) => [a, b] as const));
  const swaps = await runPooled(pairs.map(([a, b]) => async () => {
    const swap = await runSwap({ ...a.config, layer: a.layer }, { ...b.config, layer: b.layer });
    const pair = `${a.name} ↔ ${b.name}`;
    console.log(`\nswap proof ${pair}: ${swap.passed ? "same shapes" : `${swap.differences} difference(s)`}${swap.passed ? "" : `\n${formatSwapReport(swap)}`}`);
    writeFileSync(join(reportsDir, `swap-${a.name}-${b.name}.json`), formatJson(swap));
    failed ||= !swap.passed;
    return { pair, passed: swap.passed };
  }), concurrency);

  console.log(`\n${formatMatrix(reports, swaps)}`);
  console.log(`\nreports in ${reportsDir}; finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await Promise.all(vendors.map((v) => v.stop()));
}
process.exitCode = failed ? 1 : 0;
