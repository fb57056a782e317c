import { Option, parseByteCount, runVendorCli } from "@strata/sdk/vendor-cli";
import { createSoftswitchServer } from "./create-softswitch-server.js";

await runVendorCli({
  name: "strata-network-softswitch",
  description: "Strata reference LAN vendor: an in-process learning switch with per-port priority queues",
  version: "0.1.0",
  options: [new Option("--port-speed <bytes-per-second>", "line rate of every port, bytes per second").argParser(parseByteCount)],
  create: ({ auth, sampleIntervalMs, flags }) => createSoftswitchServer({
    auth, sampleIntervalMs, ...(flags.portSpeed !== undefined ? { portSpeedBytesPerSecond: Number(flags.portSpeed as bigint) } : {}),
  }),
});
