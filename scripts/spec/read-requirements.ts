import { readFileSync } from "node:fs";
import { join } from "node:path";
import { markdownBlocks, type MarkdownBlock } from "./markdown-blocks.js";

/** One requirement of the spec: a MUST, MUST NOT or REQUIRED statement with its id (docs/overview.md, "Requirement ids"). */
export interface Requirement {
  /** "TEL-STREAM-5". */
  readonly id: string;
  /** "telemetry.md". */
  readonly page: string;
  readonly line: number;
  /** The heading it stands under. */
  readonly section: string;
  /** The statement the id opens (in a table, after what the row is about). */
  readonly text: string;
  /** True for a requirement on callers and tools (area CALLER), false for one on endpoints. */
  readonly caller: boolean;
}

/** What the normative pages define, and what is wrong with them. */
export interface RequirementIndex {
  readonly requirements: readonly Requirement[];
  /** The normative pages, in reading order. */
  readonly pages: readonly string[];
  /** Broken rules of the id scheme, each naming page and line: an empty list means the pages are sound. */
  readonly problems: readonly string[];
}

/** A definition `[TEL-STREAM-5]`; a link `[TEL-STREAM-5](#…)` only refers to one. */
const MARKER = /\[([A-Z][A-Z0-9]*)-([A-Z][A-Z0-9]*)-([1-9][0-9]*)\](?!\()/g;
const REFERENCE = /\[([A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-[1-9][0-9]*)\]\(/g;
const KEYWORD = /\b(?:MUST|REQUIRED|SHALL)\b/;
const CALLER_AREA = "CALLER";

/** A block's text with what states nothing taken out: code, links (their text too), quoted words. */
function statingText(text: string): string {
  return text
    .replace(/`[^`]*`/g, "CODE")
    .replace(/\[[^\]]*\]\([^)]*\)/g, "LINK")
    .replace(/"[^"]*"/g, "QUOTED");
}

/** The sentences of a text (split after . ! or ? followed by a space and a capital, a bracket or a parenthesis). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z[(])/).map((s) => s.trim()).filter(Boolean);
}

const isMarked = (text: string) => new RegExp(MARKER.source).test(text);

/** The list or table right after a block: the blocks of the next block's kind up to another kind. */
function groupAfter(blocks: readonly MarkdownBlock[], index: number): MarkdownBlock[] {
  const kind = blocks[index + 1]?.kind;
  const group: MarkdownBlock[] = [];
  for (let i = index + 1; i < blocks.length && blocks[i]!.kind === kind && kind !== "paragraph"; i++) group.push(blocks[i]!);
  return group;
}

/** The statement an id opens: the rest of its sentence, up to the next id. */
function statement(block: MarkdownBlock, from: number): string {
  const rest = block.text.slice(from).replace(/^\s+/, "");
  const next = rest.search(/\[[A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-[1-9][0-9]*\](?!\()/);
  const upToNext = next < 0 ? rest : rest.slice(0, next);
  const end = upToNext.search(/[.!?](?=\s+[A-Z[`(]|$)/);
  const text = (end < 0 ? upToNext : upToNext.slice(0, end + 1)).trim().replace(/[,;:]$/, "");
  if (!block.row) return text;
  const about = block.row.length > 60 ? `${block.row.slice(0, block.row.lastIndexOf(" ", 60))} …` : block.row;
  return `${about} — ${text}`;
}

/** The page file names of a page's `[x.md](x.md)` links in the table of a section. */
function linkedPages(blocks: readonly MarkdownBlock[], section: string): string[] {
  return blocks.filter((b) => b.kind === "cell" && b.headings.at(-1) === section)
    .flatMap((b) => [...b.text.matchAll(/\]\(([a-z0-9-]+\.md)\)/g)].map((m) => m[1]!));
}

/**
 * Reads the requirement ids of the normative pages under `docsDir`: the
 * overview, telemetry, topology, every layer page the overview's Layers
 * table links, and every other page its "Requirement ids" table names. The overview's "Requirement ids" table gives each page its
 * prefix. Problems: an id defined twice, an id with another page's prefix, a
 * link to an id no page defines, a page without a prefix, and a sentence with
 * MUST, MUST NOT or REQUIRED that carries no id (unless it ends with a colon
 * and the block after it carries ids: a list or table of requirements).
 *
 * @example
 * const { requirements, problems } = readRequirements("docs");
 */
export function readRequirements(docsDir: string): RequirementIndex {
  const read = (page: string) => readFileSync(join(docsDir, page), "utf8");
  const overview = markdownBlocks(read("overview.md"));
  const prefixes = new Map(overview.filter((b) => b.kind === "cell" && b.headings.at(-1) === "Requirement ids" && b.row)
    .map((b) => [b.row!.replace(/`/g, ""), b.text.replace(/`/g, "")] as const));
  const pages = [...new Set(["overview.md", "telemetry.md", "topology.md", ...linkedPages(overview, "Layers"), ...prefixes.keys()])];
  const problems: string[] = [];
  const requirements: Requirement[] = [];
  const defined = new Map<string, string>();
  const references: Array<{ id: string; where: string }> = [];

  for (const page of pages) {
    const prefix = prefixes.get(page);
    if (!prefix) problems.push(`${page}: the table of docs/overview.md "Requirement ids" gives it no prefix`);
    const blocks = page === "overview.md" ? overview : markdownBlocks(read(page));
    blocks.forEach((block, index) => {
      const where = `${page}:${block.line}`;
      const uncoded = block.text.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
      for (const m of uncoded.matchAll(REFERENCE)) references.push({ id: m[1]!, where });
      for (const m of uncoded.matchAll(MARKER)) {
        const id = `${m[1]}-${m[2]}-${m[3]}`;
        const first = defined.get(id);
        if (first) problems.push(`${where}: ${id} is defined twice (first at ${first})`);
        else defined.set(id, where);
        if (prefix && m[1] !== prefix) problems.push(`${where}: ${id} has the prefix ${m[1]}; ids of ${page} start with ${prefix}-`);
        requirements.push({
          id, page, line: block.line, section: block.headings.at(-1) ?? "", text: statement(block, m.index! + m[0].length), caller: m[2] === CALLER_AREA,
        });
      }
      for (const sentence of sentences(statingText(block.text))) {
        if (!KEYWORD.test(sentence) || isMarked(sentence)) continue;
        if (sentence.endsWith(":") && groupAfter(blocks, index).some((b) => isMarked(b.text))) continue;
        problems.push(`${where}: a requirement without an id: "${sentence.slice(0, 120)}"`);
      }
    });
  }
  for (const { id, where } of references) {
    if (!defined.has(id)) problems.push(`${where}: refers to ${id}, which no page defines`);
  }
  return { requirements, pages, problems };
}

/** The next free number of every area that has ids, for a writer adding a requirement: "TEL-STREAM" → 9. */
export function nextFreeIds(requirements: readonly Requirement[]): Map<string, number> {
  const next = new Map<string, number>();
  for (const { id } of requirements) {
    const area = id.replace(/-\d+$/, "");
    next.set(area, Math.max(next.get(area) ?? 1, Number(id.match(/\d+$/)![0]) + 1));
  }
  return next;
}

