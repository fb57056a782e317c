import { Command } from "commander";
import { runVendorCli } from "@strata/sdk/vendor-cli";
import { manageEndpoint } from "./manage-endpoint.js";

/**
 * `strata manage`: the management tools as one long-lived gRPC endpoint
 * (manageEndpoint). Its flags are a vendor endpoint's, so they are handed
 * untouched to the vendor command line, which prints its own --help.
 */
export function manageCommand(): Command {
  return new Command("manage")
    .description("serve the management tools (capacity, chargeback, performance) over gRPC from the hub's stream (see strata manage --help)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[flags...]")
    .action(async (args: string[]) => {
      await runVendorCli(manageEndpoint(), { argv: ["node", "strata manage", ...args] });
    });
}
