import { computeEndpointOptions, computeReachOf } from "@strata/sdk/access";
import { Option, runVendorCli } from "@strata/sdk/vendor-cli";
import { createShapedaccessServer } from "./create-shapedaccess-server.js";

const number = (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`not a number: "${value}"`);
  return parsed;
};

await runVendorCli({
  name: "strata-access-shapedaccess",
  description: "Strata reference user access vendor: an edge behind a modelled WAN (latency, loss) shaping every tenant with a token bucket",
  version: "0.1.0",
  options: [
    new Option("--wan-latency-ms <ms>", "one-way latency of a WAN crossing, ms (default 1)").argParser(number),
    new Option("--wan-loss <rate>", "probability that a WAN crossing is lost and resent, 0 to below 1 (default 0.01)").argParser(number),
    new Option("--wan-seed <n>", "seed of the loss draws (default 1)").argParser(number),
    ...computeEndpointOptions(),
  ],
  create: async ({ auth, sampleIntervalMs, flags }) => createShapedaccessServer({
    auth, sampleIntervalMs, compute: computeReachOf(flags),
    ...(flags.wanLatencyMs !== undefined ? { latencyMs: flags.wanLatencyMs as number } : {}),
    ...(flags.wanLoss !== undefined ? { lossRate: flags.wanLoss as number } : {}),
    ...(flags.wanSeed !== undefined ? { seed: flags.wanSeed as number } : {}),
  }),
});
