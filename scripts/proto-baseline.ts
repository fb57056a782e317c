// Rewrites proto/baseline/strata-v1.binpb from the contracts of a checkout:
// how a deliberate break of a beta or development element is accepted before
// 1.0.0, in the same commit as its docs/CHANGELOG.md entry. It refuses while
// the stable guard fails: no baseline rewrite allows breaking a stable element.
// Usage: npm run proto:baseline
//        node --import tsx scripts/proto-baseline.ts [repo-dir]
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { REPO, buildImage } from "./maturity/proto-image.js";
import { runStableGuard } from "./maturity/run-stable-guard.js";

const dir = resolve(process.argv[2] ?? REPO);
const baseline = join(dir, "proto", "baseline", "strata-v1.binpb");
const scratch = mkdtempSync(join(tmpdir(), "strata-baseline-"));

try {
  const current = join(scratch, "current.binpb");
  buildImage(dir, current);
  if (runStableGuard(dir, current, baseline) !== 0) {
    console.error("proto:baseline: refused: a stable element is broken (above); the baseline is unchanged");
    process.exitCode = 1;
  } else {
    copyFileSync(current, baseline);
    console.log(`proto:baseline: wrote ${baseline}; record the break in docs/CHANGELOG.md in the same commit`);
  }
} catch (error) {
  console.error(`proto:baseline: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
