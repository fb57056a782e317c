import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMaturityIndex } from "./create-maturity-index.js";
import { filterStable } from "./filter-stable.js";
import { readImage, runBuf, writeImage } from "./proto-image.js";

/**
 * `buf breaking` (the FILE rules of `dir`/buf.yaml) on the stable elements
 * alone of two images: what the working tree holds stable against what the
 * baseline holds stable. A stable element removed, renamed, renumbered, retyped
 * or made less mature fails; nothing that is not stable in the baseline can.
 * Returns the exit status (0 = compatible).
 */
export function runStableGuard(dir: string, currentImage: string, baselineImage: string): number {
  const current = createMaturityIndex(readImage(currentImage));
  // A baseline written before the tags existed states no maturity: everything
  // in it was beta then (docs/overview.md said so), so none of it is frozen.
  const baseline = createMaturityIndex(readImage(baselineImage), { untaggedPackage: "beta" });
  const problems = [...current.errors, ...baseline.errors.map((e) => `baseline ${e}`)];
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    console.error("proto:breaking: the maturity of every element must be known before stable elements can be guarded");
    return 1;
  }
  const scratch = mkdtempSync(join(tmpdir(), "strata-stable-"));
  try {
    const stableCurrent = join(scratch, "current-stable.binpb");
    const stableBaseline = join(scratch, "baseline-stable.binpb");
    writeImage(stableCurrent, filterStable(readImage(currentImage), current));
    writeImage(stableBaseline, filterStable(readImage(baselineImage), baseline));
    return runBuf(dir, ["breaking", stableCurrent, "--against", stableBaseline]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
