// The strata-conformance command (bin/strata-conformance.js imports the built file).
import { runCli } from "./cli/run-cli.js";

process.exitCode = await runCli(process.argv.slice(2));
