import { storageSystemOptions, storageSystemsOf } from "@strata/sdk/fabric";
import { Option, parseByteCount, parsePositiveInteger, runVendorCli } from "@strata/sdk/vendor-cli";
import { createDirectfabricServer } from "./create-directfabric-server.js";

await runVendorCli({
  name: "strata-fabric-directfabric",
  description: "Strata reference fabric vendor: one switch forwarding without flow control; full buffers drop frames, lossless ones are sent again",
  version: "0.1.0",
  options: [
    new Option("--initiator-speed <bytes-per-second>", "line rate of every initiator's link, bytes per second").argParser(parseByteCount),
    new Option("--target-speed <bytes-per-second>", "line rate of every target's link, bytes per second").argParser(parseByteCount),
    new Option("--buffer-frames <n>", "frames each link's egress buffer holds").argParser(parsePositiveInteger),
    ...storageSystemOptions(),
  ],
  create: async ({ auth, sampleIntervalMs, flags }) => createDirectfabricServer({
    auth, sampleIntervalMs, storageSystems: storageSystemsOf(flags),
    ...(flags.initiatorSpeed !== undefined ? { initiatorSpeedBytesPerSecond: Number(flags.initiatorSpeed as bigint) } : {}),
    ...(flags.targetSpeed !== undefined ? { targetSpeedBytesPerSecond: Number(flags.targetSpeed as bigint) } : {}),
    ...(flags.bufferFrames !== undefined ? { bufferFrames: flags.bufferFrames as number } : {}),
  }),
});
