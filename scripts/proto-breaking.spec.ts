import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "..");
const buf = join(repo, "node_modules", ".bin", "buf");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A scratch copy of the contracts, so a test can break them without touching the tree. */
function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "strata-breaking-"));
  dirs.push(dir);
  cpSync(join(repo, "proto"), join(dir, "proto"), { recursive: true });
  cpSync(join(repo, "buf.yaml"), join(dir, "buf.yaml"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repo, "node_modules", "google-proto-files"), join(dir, "node_modules", "google-proto-files"));
  return dir;
}

/** Replaces `from` by `to` in a proto file of a scratch copy; the contract must still build. */
function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, "proto/strata", file);
  const text = readFileSync(path, "utf8");
  expect(text, `${file} holds ${from}`).toContain(from);
  writeFileSync(path, text.replace(from, to));
  execFileSync(buf, ["build"], { cwd: dir });
}

const script = (name: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(repo, "scripts", name), ...args], { cwd: repo, encoding: "utf8" });
const breaking = (dir: string, ...flags: string[]) => script("proto-breaking.ts", ...flags, dir);
const rewriteBaseline = (dir: string) => script("proto-baseline.ts", dir);
const output = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;

const LIMITS = "message Limits {";
const RENUMBER_LIMITS: [string, string] = ["int32 max_page_size = 1;", "int32 max_page_size = 99;"];
const RENUMBER_VOLUME: [string, string] = ["uint64 capacity_bytes = 4;", "uint64 capacity_bytes = 40;"];

/** A scratch copy in which Limits was made stable and released: the baseline holds it stable. */
function scratchWithStableLimits(): string {
  const dir = scratchCopy();
  edit(dir, "core/v1/identity.proto", LIMITS, `//\n// Maturity: stable.\n${LIMITS}`);
  const released = rewriteBaseline(dir);
  expect(released.status, output(released)).toBe(0);
  return dir;
}

// Each test runs buf and the scripts several times: generous limits for a busy machine.
const SLOW = { timeout: 90_000 };

describe("buf breaking against the release baseline", SLOW, () => {
  it("should pass on the tree as committed", () => {
    const result = breaking(repo);
    expect(output(result)).toBe("");
    expect(result.status).toBe(0);
  });

  it("should fail when a field is renumbered", () => {
    const dir = scratchCopy();
    edit(dir, "storage/v1/volume.proto", ...RENUMBER_VOLUME);
    const result = breaking(dir);
    expect(result.status).not.toBe(0);
    expect(output(result)).toMatch(/Previously present field "4" with name "capacity_bytes"/);
    expect(output(result)).toMatch(/record.* in docs\/CHANGELOG.md and the baseline rewritten/);
  });
});

describe("the stable guard", SLOW, () => {
  it("should fail when a stable element is broken, naming its line", () => {
    const dir = scratchWithStableLimits();
    edit(dir, "core/v1/identity.proto", ...RENUMBER_LIMITS);
    const result = breaking(dir, "--stable-only");
    expect(result.status).toBe(1);
    expect(output(result)).toMatch(
      /strata\/core\/v1\/identity\.proto:\d{2,}:\d+:Previously present field "1" with name "max_page_size" on message "Limits" was deleted/,
    );
    expect(output(result)).toMatch(/a STABLE element changed incompatibly/);
  });

  it("should pass when the same break hits a beta element, which only the every-element check catches", () => {
    const dir = scratchWithStableLimits();
    edit(dir, "storage/v1/volume.proto", ...RENUMBER_VOLUME);
    const stable = breaking(dir, "--stable-only");
    expect(output(stable)).toBe("");
    expect(stable.status).toBe(0);
    const every = breaking(dir);
    expect(every.status).toBe(1);
    expect(output(every)).not.toMatch(/STABLE/);
  });

  it("should fail when a stable element is made less mature", () => {
    const dir = scratchWithStableLimits();
    edit(dir, "core/v1/identity.proto", "// Maturity: stable.\nmessage Limits", "// Maturity: beta.\nmessage Limits");
    const result = breaking(dir, "--stable-only");
    expect(result.status).toBe(1);
    expect(output(result)).toMatch(/Previously present message "Limits" was deleted/);
  });

  it("should not let a baseline rewrite break a stable element", () => {
    const dir = scratchWithStableLimits();
    const before = readFileSync(join(dir, "proto/baseline/strata-v1.binpb"));
    edit(dir, "core/v1/identity.proto", ...RENUMBER_LIMITS);
    const result = rewriteBaseline(dir);
    expect(result.status).toBe(1);
    expect(output(result)).toMatch(/refused: a stable element is broken/);
    expect(readFileSync(join(dir, "proto/baseline/strata-v1.binpb")).equals(before)).toBe(true);
  });

  it("should accept a deliberate break of a beta element once the baseline is rewritten", () => {
    const dir = scratchWithStableLimits();
    edit(dir, "storage/v1/volume.proto", ...RENUMBER_VOLUME);
    expect(rewriteBaseline(dir).status).toBe(0);
    const result = breaking(dir);
    expect(output(result)).toBe("");
    expect(result.status).toBe(0);
  });

  it("should fail, naming the element, when a tag is malformed", () => {
    const dir = scratchCopy();
    edit(dir, "core/v1/identity.proto", LIMITS, `//\n// Maturity: Stable.\n${LIMITS}`);
    const result = breaking(dir, "--stable-only");
    expect(result.status).toBe(1);
    expect(output(result)).toMatch(/message strata\.core\.v1\.Limits: malformed maturity tag "Maturity: Stable\."/);
  });
});
