import { runVendorCli } from "@strata/sdk/vendor-cli";
import { poolCliOptions, poolOptionsOf, programOptionsOf } from "../shared/pool-cli.js";
import { createProcpoolServer } from "./create-procpool-server.js";

await runVendorCli({
  name: "strata-compute-procpool",
  description: "Strata reference compute vendor: instances as child processes, CPU time from the operating system, limits by admission control",
  version: "0.1.0",
  options: poolCliOptions(),
  create: async ({ auth, sampleIntervalMs, flags }) => createProcpoolServer({ auth, sampleIntervalMs, ...poolOptionsOf(flags), ...programOptionsOf(flags) }),
});
