// The strata-conformance command (bin/strata-conformance.js imports the built file).
import { runCli } from "./cli/run-cli.js";
import "./layers/index.js";

// Output piped into a reader that stops early (`| head`) is not an error of the suite.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
