import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "..");
const buf = join(repo, "node_modules", ".bin", "buf");

/** A scratch copy of the contracts, so a test can break them without touching the tree. */
function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "strata-breaking-"));
  cpSync(join(repo, "proto"), join(dir, "proto"), { recursive: true });
  cpSync(join(repo, "buf.yaml"), join(dir, "buf.yaml"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repo, "node_modules", "google-proto-files"), join(dir, "node_modules", "google-proto-files"));
  return dir;
}

function breaking(dir: string) {
  return spawnSync("node", [join(repo, "scripts", "proto-breaking.mjs"), dir], { encoding: "utf8" });
}

describe("buf breaking against the release baseline", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("should pass on the tree as committed", () => {
    const result = breaking(repo);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("should fail when a field is renumbered", () => {
    const dir = scratchCopy();
    dirs.push(dir);
    const file = join(dir, "proto/strata/storage/v1/volume.proto");
    const text = readFileSync(file, "utf8");
    const renumbered = text.replace("uint64 capacity_bytes = 4;", "uint64 capacity_bytes = 40;");
    expect(renumbered).not.toBe(text);
    writeFileSync(file, renumbered);
    execFileSync(buf, ["build"], { cwd: dir }); // still a valid contract
    const result = breaking(dir);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/Previously present field "4" with name "capacity_bytes"/);
  });
});
