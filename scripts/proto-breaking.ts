// Checks the contracts in a checkout against the image of the last release,
// proto/baseline/strata-v1.binpb, with buf's FILE rules, twice:
//   1. the stable guard: the stable elements alone (docs/overview.md,
//      "Versioning and maturity"). It must always pass within a major version;
//      rewriting the baseline does not make a stable break pass.
//   2. every element: catches accidental breaks of beta and development
//      elements too. A deliberate one (before 1.0.0) rewrites the baseline
//      (`npm run proto:baseline`) with its docs/CHANGELOG.md entry.
// Usage: npm run proto:breaking
//        node --import tsx scripts/proto-breaking.ts [--stable-only] [repo-dir]
// Exit 0 = compatible; buf prints nothing then.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { REPO, buildImage, runBuf } from "./maturity/proto-image.js";
import { runStableGuard } from "./maturity/run-stable-guard.js";

const args = process.argv.slice(2);
const stableOnly = args.includes("--stable-only");
const dir = resolve(args.find((a) => !a.startsWith("--")) ?? REPO);
const baseline = join(dir, "proto", "baseline", "strata-v1.binpb");
const scratch = mkdtempSync(join(tmpdir(), "strata-image-"));

try {
  const current = join(scratch, "current.binpb");
  buildImage(dir, current);
  let failed = false;
  if (runStableGuard(dir, current, baseline) !== 0) {
    failed = true;
    console.error(
      "proto:breaking: a STABLE element changed incompatibly. Stable elements are frozen for the major " +
        "version: make the change additive, or make it in a new package version (v2).",
    );
  }
  if (!stableOnly && runBuf(dir, ["breaking", current, "--against", baseline]) !== 0) {
    failed = true;
    console.error(
      "proto:breaking: an element changed incompatibly against the baseline. Before 1.0.0 a deliberate " +
        "break of a beta or development element is recorded in docs/CHANGELOG.md and the baseline rewritten " +
        "(npm run proto:baseline) in the same commit.",
    );
  }
  process.exitCode = failed ? 1 : 0;
} catch (error) {
  console.error(`proto:breaking: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
