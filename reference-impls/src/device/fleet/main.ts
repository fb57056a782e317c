import { accessEndpointOptions, accessRouteOf } from "@strata/sdk/device";
import { InvalidArgumentError, Option, parsePositiveInteger, runVendorCli } from "@strata/sdk/vendor-cli";
import { tenantOption } from "../shared/tenant-option.js";
import { createFleetServer } from "./create-fleet-server.js";
import { parseMix } from "./parse-mix.js";

const DEFAULT_MIX = "login:1:256,browse:6:1024,checkout:1:4096";

await runVendorCli({
  name: "strata-device-fleet",
  description: "Strata reference device vendor: a synthetic fleet of virtual users, one transaction at a time per device, "
    + "with its own Poisson load at a configured rate and mix",
  version: "0.1.0",
  options: [
    new Option("--rate <per-second>", "transactions each device issues per second of its own, on average (default 0: none)").argParser((value) => {
      const rate = Number(value);
      if (!Number.isFinite(rate) || rate < 0) throw new InvalidArgumentError("must be a number of transactions per second, 0 or more");
      return rate;
    }),
    new Option("--mix <name:weight:bytes,...>", `the transactions of the load and their proportions (default ${DEFAULT_MIX})`).argParser((value) => {
      try {
        return parseMix(value);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    }),
    tenantOption("--load-tenant", "the load"),
    new Option("--seed <n>", "seeds the load's arrivals and choices").argParser(parsePositiveInteger),
    ...accessEndpointOptions(),
  ],
  create: async ({ auth, sampleIntervalMs, flags }) => createFleetServer({
    auth, sampleIntervalMs, route: accessRouteOf(flags),
    load: {
      ratePerDevice: (flags.rate as number | undefined) ?? 0,
      mix: (flags.mix as ReturnType<typeof parseMix> | undefined) ?? parseMix(DEFAULT_MIX),
      tenants: flags.loadTenant as string[] | undefined,
      seed: flags.seed as number | undefined,
    },
  }),
});
