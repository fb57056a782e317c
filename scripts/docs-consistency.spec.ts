// Keeps the written specification (docs/) and the contracts (proto/) from
// drifting apart: both are read as text, so neither is generated from the other,
// except the maturity table, which is generated from the proto tags and checked.
// Error codes per rpc agree; the definitions of RequestRecord, MetricSample and
// Limits fields, the GapReason values and the numbered stream rules of
// Subscribe are the same words in both places.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createMaturityIndex } from "./maturity/create-maturity-index.js";
import { findMaturityTable, formatMaturityTable } from "./maturity/maturity-table.js";
import { buildImage, readImage } from "./maturity/proto-image.js";
import { normalizeDefinition, requirementMarkers } from "./docs-consistency/normalize-definition.js";
import { numberedRules } from "./docs-consistency/numbered-rules.js";
import { protoComments } from "./docs-consistency/proto-comments.js";
import { computeMetricCatalogue } from "../conformance/src/layers/compute/module/compute-metric-catalogue.js";
import { networkMetricCatalogue, portMetricCatalogue } from "../conformance/src/layers/network/module/network-metric-catalogue.js";

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
  "strata.network.v1": "docs/network.md",
  "strata.compute.v1": "docs/compute.md",
  "strata.fabric.v1": "docs/fabric.md",
  "strata.access.v1": "docs/access.md",
  "strata.device.v1": "docs/device.md",
  "strata.hub.v1": "docs/hub.md",
  "strata.management.v1": "docs/management.md",
};
/** The layer pages whose every rpc section must name a real rpc. */
const LAYER_PAGES = ["docs/storage.md", "docs/network.md", "docs/compute.md", "docs/fabric.md", "docs/access.md", "docs/device.md"];

const rpcs = protoFiles.flatMap((f) => f.rpcs);
// Every rpc of a layer package is documented; in the other packages, every rpc
// whose comment has an "Errors:" paragraph.
const LAYER_PACKAGES = new Set(["strata.storage.v1", "strata.network.v1", "strata.compute.v1", "strata.device.v1"]);
const documentedRpcs = rpcs.filter((r) => LAYER_PACKAGES.has(r.pkg) || r.errors !== "");

describe("docs", () => {
  it("should find the rpcs of every proto package", () => {
    expect(rpcs.filter((r) => r.pkg === "strata.storage.v1").length).toBe(16);
    expect(rpcs.filter((r) => r.pkg === "strata.network.v1").length).toBe(23);
    expect(rpcs.filter((r) => r.pkg === "strata.compute.v1").length).toBe(16);
    expect(rpcs.filter((r) => r.pkg === "strata.device.v1").length).toBe(7);
    expect(rpcs.filter((r) => LAYER_PACKAGES.has(r.pkg) && r.errors === "").map((r) => r.name)).toEqual([]);
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

  it.each(LAYER_PAGES)("should name only real rpcs in the rpc sections of %s", (page) => {
    const known = new Set(rpcs.map((r) => `${r.service}.${r.name}`));
    const headings = [...read(page).matchAll(/^### (\w+\.\w+)\s*$/gm)].map((m) => m[1]);
    expect(headings.length).toBeGreaterThan(5);
    expect(headings.filter((h) => !known.has(h))).toEqual([]);
  });

  it.each([["network", "LAYER_NETWORK"], ["compute", "LAYER_COMPUTE"], ["fabric", "LAYER_FABRIC"], ["access", "LAYER_ACCESS"], ["device", "LAYER_DEVICE"]])(
    "should give the %s node kinds and relations alike on the layer's page and in the topology catalogue", (layer, layerValue) => {
      const kinds = ["kind", "layer", "tenant_id", "attributes", "description"];
      const relations = ["from", "relation", "to"];
      const ofLayer = (rows: string[][]) => rows.filter((row) => row.some((cell) => cell.startsWith(`${layer}.`)) || row[1] === layerValue);
      const layerPage = read(`docs/${layer}.md`);
      const topologyPage = read("docs/topology.md");
      expect(ofLayer(tableWithHeader(topologyPage, kinds)!.rows)).toEqual(tableWithHeader(layerPage, kinds)!.rows);
      const topologyRelations = tables(topologyPage).filter((t) => t.header.join("|") === relations.join("|"));
      expect(topologyRelations.map((t) => t.rows)).toContainEqual(tableWithHeader(layerPage, relations)!.rows);
    },
  );

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
    // Rows of other elements (a field less mature than its message) are the next test's: the table the tags give.
    const packagesAndServices = table!.rows.filter((row) => row[1] === "package" || row[1] === "service").map((row) => row[0]);
    expect(packagesAndServices.filter((e) => !elements.includes(e!)), "stale rows").toEqual([]);
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

  it("should keep the suite's copy of the compute metric catalogue to the rows of the compute page, with the maturity of its package", () => {
    const page = read("docs/compute.md");
    const table = tableWithHeader(page, ["metric", "kind", "unit", "attributes", "description"]);
    expect(table, "docs/compute.md has no metric catalogue").toBeDefined();
    const suite = computeMetricCatalogue.map((r) => [r.metric, r.kind, r.unit, r.perOperation ? "operation" : "(none)"]);
    expect(suite).toHaveLength(7);
    expect(suite).toEqual(table!.rows.map((row) => row.slice(0, 4)));
    expect(page).toContain("Maturity: development.");
    expect(read("proto/strata/compute/v1/instance.proto")).toContain("// Maturity: development.\npackage strata.compute.v1;");
  });

  it("should keep the suite's copy of the network metric catalogue to the rows of the network page", () => {
    const kinds = new Map(["metric", "kind", "unit", "attributes", "description"].map((h, i) => [h, i]));
    const rows = tables(read("docs/network.md")).filter((t) => t.header.join("|") === [...kinds.keys()].join("|")).flatMap((t) => t.rows);
    const documented = rows.map((row) => [row[0], row[1], row[2], row[3]]);
    const suite = [
      ...networkMetricCatalogue.map((r) => [r.metric, r.kind, r.unit, r.perOperation ? "operation" : "(none)"]),
      ...portMetricCatalogue.map((r) => [r.metric, r.kind, r.unit, r.perDirection ? "direction" : "(none)"]),
    ];
    expect(suite).toEqual(documented);
  });
});

/** The text under a heading line ("## Request records") up to the next heading of its level or a higher one. */
function underHeading(markdown: string, heading: string): string {
  const level = heading.match(/^#+/)![0].length;
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}}\\s`).test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The rows of the table with `header` under `heading` of a page: first cell → second cell. */
function definitionRows(page: string, heading: string, header: string[]): Map<string, string> {
  const table = tableWithHeader(underHeading(read(page), heading), header);
  if (!table) throw new Error(`${page}, ${heading}: no table | ${header.join(" | ")} |`);
  return new Map(table.rows.map((row) => [row[0]!, row[header.length - 1]!]));
}

/** Each name whose definitions differ, with both normal forms, for a readable failure. */
function differences(docs: ReadonlyMap<string, string>, proto: ReadonlyMap<string, string>): string[] {
  return [...docs].filter(([name, text]) => proto.has(name) && normalizeDefinition(text) !== normalizeDefinition(proto.get(name)!))
    .map(([name, text]) => `${name}\n  docs:  ${normalizeDefinition(text)}\n  proto: ${normalizeDefinition(proto.get(name)!)}`);
}

const protoOf = (file: string) => protoComments(read(`proto/strata/${file}`));
const records = protoOf("telemetry/v1/records.proto");
const telemetryProto = protoOf("telemetry/v1/telemetry.proto");
const identityProto = protoOf("core/v1/identity.proto");

/** A message's fields as a definition table lists them: a oneof as one row, its members apart. */
function messageFields(file: ReturnType<typeof protoComments>, message: string): Map<string, string> {
  const found = file.messages.get(message);
  if (!found) throw new Error(`no message ${message}`);
  return new Map([...found.fields.filter((f) => !f.oneof), ...found.oneofs].map((f) => [f.name, f.comment]));
}

describe("definitions in docs and proto comments", () => {
  it.each([
    ["RequestRecord", records, "docs/telemetry.md", "## Request records", ["field", "rule"]],
    ["MetricSample", records, "docs/telemetry.md", "## Metric samples", ["field", "rule"]],
    ["Limits", identityProto, "docs/overview.md", "## Limits", ["limit", "meaning"]],
  ] as const)("should define every field of %s in its docs table with the words of its proto comment", (message, file, page, heading, header) => {
    const docs = definitionRows(page, heading, [...header]);
    const proto = messageFields(file, message);
    expect([...docs.keys()].sort(), `${page} ${heading}: the fields of ${message}`).toEqual([...proto.keys()].sort());
    expect(differences(docs, proto), `${message}: make the docs row and the proto comment say the same`).toEqual([]);
  });

  it("should list the Limits fields in the overview in their proto order", () => {
    const docs = definitionRows("docs/overview.md", "## Limits", ["limit", "meaning"]);
    expect([...docs.keys()]).toEqual(identityProto.messages.get("Limits")!.fields.map((f) => f.name));
  });

  it("should define the value kinds of a MetricSample as the members of its oneof", () => {
    const docs = definitionRows("docs/telemetry.md", "## Metric samples", ["kind", "message", "meaning"]);
    const proto = new Map(records.messages.get("MetricSample")!.fields.filter((f) => f.oneof === "value").map((f) => [f.name, f.comment]));
    expect([...docs.keys()]).toEqual([...proto.keys()]);
    expect(differences(docs, proto)).toEqual([]);
  });

  it("should give every GapReason the meaning of its row in the Gaps rule", () => {
    const docs = definitionRows("docs/telemetry.md", "## Stream semantics", ["reason", "when"]);
    const proto = new Map(telemetryProto.enums.get("GapReason")!.values.filter((v) => !v.name.endsWith("_UNSPECIFIED")).map((v) => [v.name, v.comment]));
    expect([...docs.keys()]).toEqual([...proto.keys()]);
    expect(differences(docs, proto)).toEqual([]);
  });

  it("should state the numbered stream rules of Subscribe in the proto comment as in the docs, rule for rule, with the same ids", () => {
    const docs = numberedRules(underHeading(read("docs/telemetry.md"), "## Stream semantics").split("\n"));
    const comment = telemetryProto.rpcs.get("TelemetryService.Subscribe")!.split("\n");
    const proto = numberedRules(comment.slice(comment.findIndex((l) => l.startsWith("Stream semantics"))));
    expect(docs.length).toBeGreaterThanOrEqual(8);
    expect(proto.map((r) => [r.number, requirementMarkers(r.text)])).toEqual(docs.map((r) => [r.number, requirementMarkers(r.text)]));
    const differing = docs.map((rule, i) => [rule, proto[i]] as const)
      .filter(([rule, other]) => normalizeDefinition(rule.text) !== normalizeDefinition(other?.text ?? ""))
      .map(([rule, other]) => `rule ${rule.number}\n  docs:  ${normalizeDefinition(rule.text)}\n  proto: ${normalizeDefinition(other?.text ?? "")}`);
    expect(differing).toEqual([]);
  });

  it("should name only fields of Limits where docs and contracts say Limits.<field>", () => {
    const fields = new Set(identityProto.messages.get("Limits")!.fields.map((f) => f.name));
    const texts = [
      ...readdirSync(join(repo, "docs")).filter((f) => f.endsWith(".md")).map((f) => [`docs/${f}`, read(`docs/${f}`)] as const),
      ...readdirSync(join(repo, "proto/strata")).flatMap((area) => readdirSync(join(repo, "proto/strata", area, "v1"))
        .map((f) => [`proto/strata/${area}/v1/${f}`, read(`proto/strata/${area}/v1/${f}`)] as const)),
    ];
    const unknown = texts.flatMap(([file, text]) => [...text.matchAll(/\bLimits\.(\w+)/g)].map((m) => m[1]!).filter((f) => !fields.has(f)).map((f) => `${file}: Limits.${f}`));
    expect(unknown).toEqual([]);
  });
});
