// The map of the spec's requirements to the conformance checks that prove
// them (docs/overview.md, "Requirement ids"; docs/conformance.md).
// Usage: npm run spec:coverage              every requirement with its checks, then what no check proves yet
//        npm run spec:coverage -- --json    the same as JSON
//        npm run spec:coverage -- --next    the next free id of every area, for a new requirement
// Exit 1 when the pages break the id scheme or a check names an unknown id;
// a requirement without a check is listed, never a failure.
import { join } from "node:path";
import { LAYER_MODULES, allChecks, hubModuleOutline, planChecks, planHubChecks, planManagementChecks } from "@strata/conformance";
import { coverageMap } from "./spec/coverage-map.js";
import { formatCoverage } from "./spec/format-coverage.js";
import { nextFreeIds, readRequirements } from "./spec/read-requirements.js";

const { requirements, problems } = readRequirements(join(import.meta.dirname, "..", "docs"));
const map = coverageMap(requirements, [...planChecks(allChecks(LAYER_MODULES), LAYER_MODULES), ...planHubChecks(hubModuleOutline(LAYER_MODULES[0]!)), ...planManagementChecks()]);
if (process.argv.includes("--next")) {
  for (const [area, next] of nextFreeIds(requirements)) console.log(`${area}-${next}`);
} else if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ ...map, rows: map.rows.map((r) => ({ ...r.requirement, checks: r.checks })), problems }, null, 2));
} else {
  console.log(formatCoverage(map));
}
for (const problem of [...problems, ...map.unknown]) console.error(`spec:coverage: ${problem}`);
if (problems.length > 0 || map.unknown.length > 0) process.exitCode = 1;
