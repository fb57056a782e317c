import { computeEndpointOptions, computeReachOf } from "@strata/sdk/access";
import { runVendorCli } from "@strata/sdk/vendor-cli";
import { createDirectaccessServer } from "./create-directaccess-server.js";

await runVendorCli({
  name: "strata-access-directaccess",
  description: "Strata reference user access vendor: a pass-through edge carrying every request straight to its entry point",
  version: "0.1.0",
  options: [...computeEndpointOptions()],
  create: async ({ auth, sampleIntervalMs, flags }) => createDirectaccessServer({ auth, sampleIntervalMs, compute: computeReachOf(flags) }),
});
