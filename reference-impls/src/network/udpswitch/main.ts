import { Option, parseByteCount, runVendorCli } from "@strata/sdk/vendor-cli";
import { createUdpswitchServer } from "./create-udpswitch-server.js";

await runVendorCli({
  name: "strata-network-udpswitch",
  description: "Strata reference LAN vendor: every port a UDP socket on 127.0.0.1, a switch socket forwarding between them",
  version: "0.1.0",
  options: [
    new Option("--port-speed <bytes-per-second>", "nominal line rate of every port, bytes per second").argParser(parseByteCount),
    new Option("--loss-timeout-ms <ms>", "how long a frame may take before it counts as lost").argParser((v) => Number.parseInt(v, 10)),
  ],
  create: ({ auth, sampleIntervalMs, flags }) => createUdpswitchServer({
    auth, sampleIntervalMs,
    ...(flags.portSpeed !== undefined ? { portSpeedBytesPerSecond: Number(flags.portSpeed as bigint) } : {}),
    ...(flags.lossTimeoutMs !== undefined ? { lossTimeoutMs: flags.lossTimeoutMs as number } : {}),
  }),
});
