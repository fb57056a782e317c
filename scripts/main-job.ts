// The main job on the bundled defaults (`npm start`): starts every vendor of
// the reference vendor registry, runs the whole conformance suite against each
// (the layer taken from what it declares), and the swap proof for each pair of
// vendors of a layer, prints a vendor × suite matrix, and writes JSON and
// JUnit reports to reports/. Exit code 1 if anything failed.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  formatJson, formatJunitXml, formatSwapReport, LAYER_MODULES, runConformance, runSwap, type ConformanceReport,
} from "@strata/conformance";
import { formatMatrix } from "./main-job/format-matrix.js";
import { startReferenceVendors } from "./main-job/reference-vendors.js";

const started = Date.now();
const reportsDir = join(import.meta.dirname, "..", "reports");
mkdirSync(reportsDir, { recursive: true });

const vendors = await startReferenceVendors();
let failed = false;
try {
  const reports: Array<{ vendor: string; report: ConformanceReport }> = [];
  for (const vendor of vendors) {
    process.stdout.write(`running the suite against ${vendor.name} (${vendor.config.target})… `);
    const report = await runConformance(vendor.config);
    const { passed, failed: failures, skipped, warnings } = report.summary;
    console.log(`layers ${report.layers.join(", ") || "none"}: ${passed} passed, ${failures} failed, ${skipped} skipped, ${warnings} warnings in ${(report.durationMs / 1000).toFixed(1)} s`);
    for (const r of report.results.filter((x) => x.status === "fail")) console.log(`  ✗ ${r.title}\n      ${r.message ?? ""}`);
    for (const r of report.results.filter((x) => x.status === "warn")) console.log(`  ! ${r.title}\n      ${r.message ?? ""}`);
    // A vendor whose own layer went unchecked passed only the common suites: that is no pass.
    const unchecked = !report.layers.includes(vendor.layer);
    if (unchecked) {
      const known = LAYER_MODULES.some((m) => m.name === vendor.layer);
      console.log(`  ✗ its layer ${vendor.layer} was not checked: ${known ? "the vendor does not declare it in GetInfo.layers" : "no layer module of the suite is named so"}`);
    }
    writeFileSync(join(reportsDir, `${vendor.name}.json`), formatJson(report));
    writeFileSync(join(reportsDir, `${vendor.name}.junit.xml`), formatJunitXml(report));
    reports.push({ vendor: vendor.name, report });
    failed ||= failures > 0 || report.setupError !== undefined || unchecked;
  }

  const swaps: Array<{ pair: string; passed: boolean }> = [];
  for (const [i, a] of vendors.entries()) {
    for (const b of vendors.slice(i + 1).filter((v) => v.layer === a.layer)) {
      const swap = await runSwap({ ...a.config, layer: a.layer }, { ...b.config, layer: b.layer });
      const pair = `${a.name} ↔ ${b.name}`;
      console.log(`\nswap proof ${pair}: ${swap.passed ? "same shapes" : `${swap.differences} difference(s)`}`);
      if (!swap.passed) console.log(formatSwapReport(swap));
      writeFileSync(join(reportsDir, `swap-${a.name}-${b.name}.json`), formatJson(swap));
      swaps.push({ pair, passed: swap.passed });
      failed ||= !swap.passed;
    }
  }

  console.log(`\n${formatMatrix(reports, swaps)}`);
  console.log(`\nreports in ${reportsDir}; finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await Promise.all(vendors.map((v) => v.stop()));
}
process.exitCode = failed ? 1 : 0;
