/** One unit of a Markdown page that holds statements: a paragraph, a list item or a table cell (of a body row). */
export interface MarkdownBlock {
  readonly kind: "paragraph" | "item" | "cell";
  /** The block's text, its lines joined by single spaces. */
  readonly text: string;
  /** 1-based line where the block starts. */
  readonly line: number;
  /** The headings above it, outermost first (without the #). */
  readonly headings: readonly string[];
  /** For a table cell after the first: the first cell of its row (what the row is about). */
  readonly row?: string;
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const ITEM = /^\s*(?:[-*]|\d+\.)\s+/;
const TABLE = /^\s*\|/;
const SEPARATOR = /^\s*\|[\s|:-]+\|\s*$/;

/** The cells of a table line, trimmed. */
function tableCells(line: string): string[] {
  return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
}

/**
 * Cuts a Markdown page into the blocks that hold statements, in page order:
 * paragraphs, list items (a nested item is a block of its own) and the cells
 * of table rows (not headers). Headings, fenced code and HTML comments hold
 * none and are left out.
 *
 * @example
 * markdownBlocks("## Pagination\n\n1. [CORE-PAGE-1] Results come in a stable order.\n")
 * // [{ kind: "item", text: "[CORE-PAGE-1] Results come in a stable order.", line: 3, headings: ["Pagination"] }]
 */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  const lines = markdown.split("\n");
  const blocks: MarkdownBlock[] = [];
  const headings: string[] = [];
  let open: { kind: "paragraph" | "item"; lines: string[]; line: number } | undefined;
  const close = () => {
    if (open) blocks.push({ kind: open.kind, text: open.lines.map((l) => l.trim()).join(" ").trim(), line: open.line, headings: [...headings] });
    open = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      close();
      while (++i < lines.length && !/^\s*```/.test(lines[i]!));
      continue;
    }
    if (/^\s*<!--/.test(line)) {
      close();
      while (i < lines.length && !lines[i]!.includes("-->")) i++;
      continue;
    }
    const heading = line.match(HEADING);
    if (heading) {
      close();
      headings.splice(heading[1]!.length - 1);
      while (headings.length < heading[1]!.length - 1) headings.push("");
      headings.push(heading[2]!.trim());
      continue;
    }
    if (TABLE.test(line)) {
      close();
      const header = SEPARATOR.test(lines[i + 1] ?? "");
      if (header) {
        i++;
        continue;
      }
      if (SEPARATOR.test(line)) continue;
      const cells = tableCells(line);
      cells.forEach((text, index) => {
        if (text === "") return;
        blocks.push({ kind: "cell", text, line: i + 1, headings: [...headings].filter(Boolean), ...(index > 0 ? { row: cells[0] } : {}) });
      });
      continue;
    }
    if (line.trim() === "") {
      close();
      continue;
    }
    if (ITEM.test(line)) {
      close();
      open = { kind: "item", lines: [line.replace(ITEM, "")], line: i + 1 };
      continue;
    }
    if (!open) open = { kind: "paragraph", lines: [], line: i + 1 };
    open.lines.push(line);
  }
  close();
  return blocks.map((b) => (b.kind === "cell" ? b : { ...b, headings: b.headings.filter(Boolean) }));
}
