import { runVendorCli } from "@strata/sdk/vendor-cli";
import { poolCliOptions, poolOptionsOf, programOptionsOf } from "../shared/pool-cli.js";
import { createThreadpoolServer } from "./create-threadpool-server.js";

await runVendorCli({
  name: "strata-compute-threadpool",
  description: "Strata reference compute vendor: instances as worker threads, CPU shared by shares and limits over a fixed core budget",
  version: "0.1.0",
  options: poolCliOptions(),
  create: async ({ auth, sampleIntervalMs, flags }) => createThreadpoolServer({ auth, sampleIntervalMs, ...poolOptionsOf(flags), ...programOptionsOf(flags) }),
});
