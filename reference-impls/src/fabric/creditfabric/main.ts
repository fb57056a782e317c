import { storageSystemOptions, storageSystemsOf } from "@strata/sdk/fabric";
import { Option, parseByteCount, parsePositiveInteger, runVendorCli } from "@strata/sdk/vendor-cli";
import { createCreditfabricServer } from "./create-creditfabric-server.js";

await runVendorCli({
  name: "strata-fabric-creditfabric",
  description: "Strata reference fabric vendor: credit-based flow control on simulated links; lossless frames wait and are retransmitted, never dropped",
  version: "0.1.0",
  options: [
    new Option("--link-speed <bytes-per-second>", "line rate of every link, bytes per second").argParser(parseByteCount),
    new Option("--credits <n>", "buffer-to-buffer credits of every link").argParser(parsePositiveInteger),
    new Option("--loss-every <n>", "one frame in this many sent on a link is lost on the wire").argParser(parsePositiveInteger),
    ...storageSystemOptions(),
  ],
  create: async ({ auth, sampleIntervalMs, flags }) => createCreditfabricServer({
    auth, sampleIntervalMs, storageSystems: storageSystemsOf(flags),
    ...(flags.linkSpeed !== undefined ? { linkSpeedBytesPerSecond: Number(flags.linkSpeed as bigint) } : {}),
    ...(flags.credits !== undefined ? { credits: flags.credits as number } : {}),
    ...(flags.lossEvery !== undefined ? { lossEvery: flags.lossEvery as number } : {}),
  }),
});
