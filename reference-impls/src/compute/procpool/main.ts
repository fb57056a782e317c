import { Option, parseByteCount, parsePositiveInteger, runVendorCli } from "@strata/sdk/vendor-cli";
import { createProcpoolServer } from "./create-procpool-server.js";

await runVendorCli({
  name: "strata-compute-procpool",
  description: "Strata reference compute vendor: instances as child processes, CPU time from the operating system, limits by admission control",
  version: "0.1.0",
  options: [
    new Option("--hosts <n>", "hosts offered").argParser(parsePositiveInteger),
    new Option("--cores <n>", "cores of each host: units of work running at once").argParser(parsePositiveInteger),
    new Option("--host-memory <bytes>", "memory instances may reserve on each host").argParser(parseByteCount),
  ],
  create: async ({ auth, sampleIntervalMs, flags }) => createProcpoolServer({
    auth, sampleIntervalMs,
    hosts: flags.hosts as number | undefined,
    coresPerHost: flags.cores as number | undefined,
    memoryBytesPerHost: flags.hostMemory as bigint | undefined,
  }),
});
