import { describe, expect, it } from "vitest";
import { markdownBlocks } from "./markdown-blocks.js";

const page = `# Page

Intro line one
line two.

## Part

- an item
  continued
  - a nested item
1. a numbered item

| field | rule |
|---|---|
| \`a\` | cell one |
| \`b\` | cell two |

\`\`\`ts
const MUST = 1;
\`\`\`
<!-- a comment
MUST -->
### Deeper
Last.
`;

describe("markdownBlocks()", () => {
  it("should cut a page into paragraphs, items and body cells under their headings, leaving out code and comments", () => {
    expect(markdownBlocks(page).map((b) => [b.kind, b.text, b.line, b.headings.join(" > "), b.row])).toEqual([
      ["paragraph", "Intro line one line two.", 3, "Page", undefined],
      ["item", "an item continued", 8, "Page > Part", undefined],
      ["item", "a nested item", 10, "Page > Part", undefined],
      ["item", "a numbered item", 11, "Page > Part", undefined],
      ["cell", "`a`", 15, "Page > Part", undefined],
      ["cell", "cell one", 15, "Page > Part", "`a`"],
      ["cell", "`b`", 16, "Page > Part", undefined],
      ["cell", "cell two", 16, "Page > Part", "`b`"],
      ["paragraph", "Last.", 24, "Page > Part > Deeper", undefined],
    ]);
  });
});
