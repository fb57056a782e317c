// Keeps the written specification (docs/) and the contracts (proto/) from
// drifting apart: both are read as text, so neither is generated from the other,
// except the maturity table, which is generated from the proto tags and checked.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createMaturityIndex } from "./maturity/create-maturity-index.js";
import { findMaturityTable, formatMaturityTable } from "./maturity/maturity-table.js";
import { buildImage, readImage } from "./maturity/proto-image.js";

const repo = resolve(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(repo, path), "utf8");

const GRPC_CODES = new Set([
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
  "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
  "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
  "UNAUTHENTICATED",
]);

/** The non-OK gRPC code names in a text (OK rows document idempotent repeats, not errors). */
function errorCodes(text: string): string[] {
  const words = text.match(/\b[A-Z][A-Z_]*[A-Z]\b/g) ?? [];
  return [...new Set(words.filter((w) => GRPC_CODES.has(w) && w !== "OK"))].sort();
}

interface Rpc {
  pkg: string;
  service: string;
  name: string;
  /** The "Errors:" paragraph of the rpc's comment, or "" when it has none. */
  errors: string;
}

interface ProtoFile {
  pkg: string;
  services: string[];
  rpcs: Rpc[];
}

function errorsParagraph(commentLines: string[]): string {
  const paragraphs = commentLines.join("\n").split(/\n\s*\n/);
  return paragraphs.find((p) => p.trimStart().startsWith("Errors:")) ?? "";
}

function parseProto(text: string): ProtoFile {
  const file: ProtoFile = { pkg: "", services: [], rpcs: [] };
  let service = "";
  let comment: string[] = [];
  for (const line of text.split("\n")) {
    const commentLine = line.match(/^\s*\/\/ ?(.*)$/);
    if (commentLine) {
      comment.push(commentLine[1]);
      continue;
    }
    const pkg = line.match(/^package\s+([\w.]+);/);
    const svc = line.match(/^service\s+(\w+)\s*\{/);
    const rpc = line.match(/^\s*rpc\s+(\w+)\s*\(/);
    if (pkg) file.pkg = pkg[1];
    if (svc) file.services.push((service = svc[1]));
    if (rpc) file.rpcs.push({ pkg: file.pkg, service, name: rpc[1], errors: errorsParagraph(comment) });
    comment = [];
  }
  return file;
}

const protoFiles: ProtoFile[] = readdirSync(join(repo, "proto/strata"))
  .flatMap((area) =>
    readdirSync(join(repo, "proto/strata", area, "v1"))
      .filter((f) => f.endsWith(".proto"))
      .map((f) => parseProto(read(join("proto/strata", area, "v1", f)))),
  );

interface Table {
  header: string[];
  rows: string[][];
}

const cells = (line: string) =>
  line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim().replace(/`/g, ""));

/** Every Markdown table of a text, cells stripped of backticks. */
function tables(markdown: string): Table[] {
  const found: Table[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].trimStart().startsWith("|") || !/^\s*\|[\s|:-]+\|\s*$/.test(lines[i + 1])) continue;
    const table: Table = { header: cells(lines[i]), rows: [] };
    for (i += 2; i < lines.length && lines[i].trimStart().startsWith("|"); i++) table.rows.push(cells(lines[i]));
    found.push(table);
  }
  return found;
}

function tableWithHeader(markdown: string, header: string[]): Table | undefined {
  return tables(markdown).find((t) => t.header.join("|") === header.join("|"));
}

/** The text under a heading `### <title>` up to the next heading of level 1 to 3. */
function section(markdown: string, title: string): string | undefined {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === `### ${title}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,3}\s/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

const ERROR_TABLE = ["condition", "code", "meaning", "caller's next step"];
const DOC_PAGE: Record<string, string> = {
  "strata.core.v1": "docs/overview.md",
  "strata.telemetry.v1": "docs/telemetry.md",
  "strata.topology.v1": "docs/topology.md",
  "strata.storage.v1": "docs/storage.md",
  "strata.compute.v1": "docs/compute.md",
};
/** The layers' packages: every rpc of theirs is documented, with its error table. */
const LAYER_PACKAGES = ["strata.storage.v1", "strata.compute.v1"];

const rpcs = protoFiles.flatMap((f) => f.rpcs);
// Every rpc of a layer is documented; in the other packages, every rpc whose
// comment has an "Errors:" paragraph.
const documentedRpcs = rpcs.filter((r) => LAYER_PACKAGES.includes(r.pkg) || r.errors !== "");

describe("docs", () => {
  it("should find the rpcs of every proto package", () => {
    expect(rpcs.filter((r) => r.pkg === "strata.storage.v1").length).toBe(16);
    expect(rpcs.filter((r) => r.pkg === "strata.compute.v1").length).toBe(16);
    expect(documentedRpcs.map((r) => `${r.service}.${r.name}`)).toContain("TelemetryService.Subscribe");
  });

  it.each(documentedRpcs.map((r) => [`${r.service}.${r.name}`, r] as const))(
    "should document %s with the error codes of its proto comment",
    (title, rpc) => {
      const page = DOC_PAGE[rpc.pkg];
      expect(page, `no docs page for ${rpc.pkg}`).toBeDefined();
      const text = section(read(page), title);
      expect(text, `${page} has no section "### ${title}"`).toBeDefined();
      const table = tableWithHeader(text!, ERROR_TABLE);
      expect(table, `section ${title} of ${page} has no error table`).toBeDefined();
      const documented = errorCodes(table!.rows.map((row) => row[1] ?? "").join(" "));
      expect(documented, `${title}: docs error table vs proto "Errors:" paragraph`).toEqual(
        errorCodes(rpc.errors),
      );
    },
  );

  it.each(LAYER_PACKAGES)("should name only real rpcs of %s in its page's rpc sections", (pkg) => {
    const known = new Set(rpcs.filter((r) => r.pkg === pkg).map((r) => `${r.service}.${r.name}`));
    const headings = [...read(DOC_PAGE[pkg]).matchAll(/^### (\w+\.\w+)\s*$/gm)].map((m) => m[1]);
    expect(headings.length).toBeGreaterThan(0);
    expect(headings.filter((h) => !known.has(h))).toEqual([]);
  });

  it("should list every package and service in the maturity table of the overview", () => {
    const table = tableWithHeader(read("docs/overview.md"), ["element", "kind", "maturity"]);
    expect(table, "docs/overview.md has no maturity table").toBeDefined();
    const listed = new Map(table!.rows.map((row) => [row[0], row[2]]));
    const elements = protoFiles.flatMap((f) => [f.pkg, ...f.services.map((s) => `${f.pkg}.${s}`)]);
    for (const element of new Set(elements)) {
      expect(listed.get(element), `${element} is missing from the maturity table`).toMatch(
        /^(development|beta|stable)$/,
      );
    }
    expect([...listed.keys()].filter((e) => !elements.includes(e)), "stale rows").toEqual([]);
  });

  it("should hold in the overview the maturity table the proto tags give", () => {
    const scratch = mkdtempSync(join(tmpdir(), "strata-docs-"));
    try {
      buildImage(repo, join(scratch, "image.binpb"));
      const index = createMaturityIndex(readImage(join(scratch, "image.binpb")));
      expect(index.errors, "every element's maturity is known").toEqual([]);
      expect(findMaturityTable(read("docs/overview.md")), "run: npm run proto:maturity -- --docs").toBe(
        formatMaturityTable(index),
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("should list every ErrorReason and Feature value in the overview", () => {
    const overview = read("docs/overview.md");
    const values = ["core/v1/errors.proto", "core/v1/identity.proto"].flatMap((f) =>
      [...read(`proto/strata/${f}`).matchAll(/^\s*((?:ERROR_REASON|FEATURE)_\w+)\s*=/gm)].map((m) => m[1]),
    );
    expect(values.length).toBeGreaterThan(10);
    expect(values.filter((v) => !overview.includes(v))).toEqual([]);
  });

  it("should keep the storage metric catalogue to its seven rows", () => {
    const table = tableWithHeader(read("docs/telemetry.md"), ["metric", "kind", "unit", "attributes", "description"]);
    expect(table, "docs/telemetry.md has no metric catalogue").toBeDefined();
    expect(table!.rows).toEqual([
      ["strata.storage.io.ops", "counter", "{op}", "operation", "cumulative operations completed (operation = read or write)"],
      ["strata.storage.io.bytes", "counter", "By", "operation", "cumulative payload bytes moved"],
      ["strata.storage.io.ops_rate", "gauge", "{op}/s", "operation", "operations per second over the interval"],
      ["strata.storage.io.bytes_rate", "gauge", "By/s", "operation", "payload bytes per second over the interval"],
      ["strata.storage.io.latency", "histogram", "ns", "operation", "latency of operations completed in the interval"],
      ["strata.storage.io.queue_depth", "gauge", "{request}", "(none)", "mean requests in flight on the volume over the interval"],
      ["strata.storage.volume.utilization", "gauge", "%", "(none)", "allocated_bytes / capacity_bytes × 100 of the volume"],
    ]);
  });

  it("should keep the compute metric catalogue to its seven rows, with the maturity of its package", () => {
    const page = read("docs/compute.md");
    const table = tableWithHeader(page, ["metric", "kind", "unit", "attributes", "description"]);
    expect(table, "docs/compute.md has no metric catalogue").toBeDefined();
    expect(table!.rows.map((row) => row.slice(0, 4))).toEqual([
      ["strata.compute.executions", "counter", "{execution}", "operation"],
      ["strata.compute.execution.rate", "gauge", "{execution}/s", "operation"],
      ["strata.compute.execution.latency", "histogram", "ns", "operation"],
      ["strata.compute.cpu.time", "counter", "ns", "operation"],
      ["strata.compute.run_queue.delay", "histogram", "ns", "operation"],
      ["strata.compute.cpu.utilization", "gauge", "%", "(none)"],
      ["strata.compute.memory.used", "gauge", "By", "(none)"],
    ]);
    expect(page).toContain("Maturity: development.");
    expect(read("proto/strata/compute/v1/instance.proto")).toContain("// Maturity: development.\npackage strata.compute.v1;");
  });
});
