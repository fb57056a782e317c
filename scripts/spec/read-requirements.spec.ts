import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nextFreeIds, readRequirements } from "./read-requirements.js";

const OVERVIEW = `# Overview

## Keywords

A keyword in \`MUST\` or "MUST" states nothing.

### Requirement ids

| page | prefix |
|---|---|
| \`overview.md\` | \`CORE\` |
| \`telemetry.md\` | \`TEL\` |
| \`topology.md\` | \`TOPO\` |
| \`things.md\` | \`THING\` |

## Layers

| layer | page |
|---|---|
| things | [things.md](things.md) |

## Rules

[CORE-RULE-1] An endpoint MUST answer. [CORE-CALLER-1] A caller MUST NOT guess: it
asks first.

Every endpoint MUST follow these rules:

1. [CORE-RULE-2] Results are stable.
2. [CORE-RULE-3] Pages are capped.

| the caller… | answer |
|---|---|
| names another tenant | [CORE-RULE-4] \`PERMISSION_DENIED\` |
`;

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function docs(pages: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "strata-requirements-"));
  const all = { "overview.md": OVERVIEW, "telemetry.md": "# T\n", "topology.md": "# T\n", "things.md": "# Things\n", ...pages };
  for (const [name, text] of Object.entries(all)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("readRequirements()", () => {
  it("should read every id of the normative pages with its statement, section and kind", () => {
    const { requirements, pages, problems } = readRequirements(docs({ "things.md": "# Things\n\n## Make\n\n- [THING-MAKE-1] `name`: REQUIRED.\n" }));
    expect(problems).toEqual([]);
    expect(pages).toEqual(["overview.md", "telemetry.md", "topology.md", "things.md"]);
    expect(requirements.map((r) => [r.id, r.page, r.section, r.text, r.caller])).toEqual([
      ["CORE-RULE-1", "overview.md", "Rules", "An endpoint MUST answer.", false],
      ["CORE-CALLER-1", "overview.md", "Rules", "A caller MUST NOT guess: it asks first.", true],
      ["CORE-RULE-2", "overview.md", "Rules", "Results are stable.", false],
      ["CORE-RULE-3", "overview.md", "Rules", "Pages are capped.", false],
      ["CORE-RULE-4", "overview.md", "Rules", "names another tenant — `PERMISSION_DENIED`", false],
      ["THING-MAKE-1", "things.md", "Make", "`name`: REQUIRED.", false],
    ]);
  });

  it("should name an id defined twice, one with another page's prefix, a link to an unknown id and a requirement without an id", () => {
    const { problems } = readRequirements(docs({
      "telemetry.md": "# T\n\n[TEL-A-1] It MUST work. [CORE-RULE-1] It MUST also work.\n\nA stream MUST end. See [TEL-A-9](#x).\n",
    }));
    expect(problems).toEqual([
      "telemetry.md:3: CORE-RULE-1 is defined twice (first at overview.md:24)",
      "telemetry.md:3: CORE-RULE-1 has the prefix CORE; ids of telemetry.md start with TEL-",
      'telemetry.md:5: a requirement without an id: "A stream MUST end."',
      "telemetry.md:5: refers to TEL-A-9, which no page defines",
    ]);
  });

  it("should ask a layer page linked from Layers for a prefix", () => {
    const overview = OVERVIEW.replace("| `things.md` | `THING` |\n", "");
    const { problems } = readRequirements(docs({ "overview.md": overview }));
    expect(problems).toEqual(['things.md: the table of docs/overview.md "Requirement ids" gives it no prefix']);
  });
});

describe("nextFreeIds()", () => {
  it("should give the next number of every area", () => {
    const { requirements } = readRequirements(docs({}));
    expect(Object.fromEntries(nextFreeIds(requirements))).toEqual({ "CORE-RULE": 5, "CORE-CALLER": 2 });
  });
});
