// Checks the contracts in the current directory against the committed image of
// the last release (proto/baseline/strata-v1.binpb). buf compares one image
// with another, so the working tree is first built into a temporary image.
// Usage: node scripts/proto-breaking.mjs [repo-dir]   (exit 0 = compatible)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const here = resolve(import.meta.dirname, "..");
const dir = resolve(process.argv[2] ?? here);
const buf = join(here, "node_modules", ".bin", "buf");
const baseline = join(here, "proto", "baseline", "strata-v1.binpb");
const scratch = mkdtempSync(join(tmpdir(), "strata-image-"));
const current = join(scratch, "current.binpb");

const run = (args) => spawnSync(buf, args, { cwd: dir, stdio: "inherit" }).status ?? 1;
try {
  let status = run(["build", "--path", "proto/strata", "-o", current]);
  if (status === 0) status = run(["breaking", current, "--against", baseline]);
  process.exitCode = status;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
