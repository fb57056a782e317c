// The maturity of every element of the contracts, read from the proto tags
// (docs/overview.md, "Versioning and maturity").
// Usage: npm run proto:maturity              element<TAB>kind<TAB>maturity<TAB>stated|inherited
//        npm run proto:maturity -- --json    the same as a JSON array
//        npm run proto:maturity -- --docs    rewrites the maturity table of docs/overview.md
// Exit 1 (each problem printed) when a tag breaks a rule.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMaturityIndex } from "./maturity/create-maturity-index.js";
import { formatMaturityTable, replaceMaturityTable } from "./maturity/maturity-table.js";
import { REPO, buildImage, readImage } from "./maturity/proto-image.js";

const args = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), "strata-maturity-"));
try {
  const image = join(scratch, "current.binpb");
  buildImage(REPO, image);
  const index = createMaturityIndex(readImage(image));
  if (index.errors.length > 0) {
    for (const error of index.errors) console.error(error);
    process.exitCode = 1;
  } else if (args.includes("--docs")) {
    const overview = join(REPO, "docs", "overview.md");
    writeFileSync(overview, replaceMaturityTable(readFileSync(overview, "utf8"), formatMaturityTable(index)));
    console.log(`proto:maturity: wrote the maturity table of ${overview}`);
  } else if (args.includes("--json")) {
    console.log(JSON.stringify(index.elements, null, 2));
  } else {
    for (const e of index.elements) console.log([e.name, e.kind, e.maturity, e.stated ? "stated" : "inherited"].join("\t"));
  }
} catch (error) {
  console.error(`proto:maturity: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
