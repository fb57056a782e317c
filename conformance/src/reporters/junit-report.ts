import { groupBySuite } from "../helpers/group-by-suite.js";
import type { CheckResult, ConformanceReport } from "../runner/conformance-report.js";
import { qualifiedSuite, summarize } from "../runner/conformance-report.js";

/**
 * The report as JUnit XML: a <testsuite> per suite file and layer, a
 * <testcase> per check (classname = the suite, prefixed with the layer it ran
 * for when that is not its folder: "<layer>/common/pagination"), <failure>
 * and <skipped> with their messages. A warning is a <skipped> whose message
 * starts "WARNING:", and a property status = warning; the requirement ids a
 * check proves are properties named "covers", one per id.
 */
export function formatJunitXml(report: ConformanceReport): string {
  const suites = groupBySuite(report.results.map((result) => ({ ...result, suite: qualifiedSuite(result) })));
  const name = `strata-conformance ${report.layers.length > 0 ? report.layers.join(",") : "common"}`;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xmlAttr(name)}" ${counts(report.results, report.durationMs)} timestamp="${xmlAttr(report.startedAt)}">`,
  ];
  for (const [suite, results] of suites) {
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    lines.push(`  <testsuite name="${xmlAttr(suite)}" ${counts(results, time)}>`);
    for (const result of results) lines.push(...testcase(result));
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`, "");
  return lines.join("\n");
}

function counts(results: readonly CheckResult[], durationMs: number): string {
  const { failed, skipped, warnings } = summarize(results);
  return `tests="${results.length}" failures="${failed}" errors="0" skipped="${skipped + warnings}" time="${seconds(durationMs)}"`;
}

function testcase(result: CheckResult): string[] {
  const open = `    <testcase classname="${xmlAttr(result.suite)}" name="${xmlAttr(result.title)}" time="${seconds(result.durationMs)}"`;
  const output = [...result.logs, ...result.cleanupErrors.map((e) => `cleanup: ${e}`)];
  const body: string[] = [];
  const properties = [
    ...(result.status === "warn" ? [["status", "warning"]] : []),
    ...result.covers.map((id) => ["covers", id]),
  ];
  if (properties.length > 0) {
    body.push("      <properties>", ...properties.map(([name, value]) => `        <property name="${name}" value="${xmlAttr(value!)}"/>`), "      </properties>");
  }
  if (result.status === "fail") {
    const message = result.message ?? "failed";
    body.push(`      <failure message="${xmlAttr(message)}" type="conformance">${xmlText([message, ...output].join("\n"))}</failure>`);
  }
  if (result.status === "skip") body.push(`      <skipped message="${xmlAttr(result.message ?? "skipped")}"/>`);
  if (result.status === "warn") body.push(`      <skipped message="${xmlAttr(`WARNING: ${result.message ?? "declared but untested"}`)}"/>`);
  if (output.length > 0 && result.status !== "fail") body.push(`      <system-out>${xmlText(output.join("\n"))}</system-out>`);
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, `    </testcase>`];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Escapes element text, replacing characters XML 1.0 cannot carry. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes an attribute value; line breaks and tabs survive as character references. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, "&quot;").replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
