import { Command } from "commander";
import { topCommand } from "../top/top-command.js";
import { stackCommand } from "../stack/stack-command.js";
import { capacityCommand } from "../management/capacity/capacity-command.js";
import { chargebackCommand } from "../management/chargeback/chargeback-command.js";
import { performanceCommand } from "../management/performance/performance-command.js";
import { manageCommand } from "../management/server/manage-command.js";
import { assuranceCommand } from "../management/assurance/assurance-command.js";

/**
 * The subcommands of `strata`, one line each: a tool registers itself here
 * by adding its command factory.
 */
const SUBCOMMANDS: ReadonlyArray<() => Command> = [
  topCommand,
  stackCommand,
  capacityCommand,
  chargebackCommand,
  performanceCommand,
  manageCommand,
  assuranceCommand,
];

/**
 * The `strata` command: the tools that run above the layers (the reference
 * stack, the live view, the management tools), each a subcommand.
 *
 * @example
 * await strataCommand().parseAsync(process.argv);
 */
export function strataCommand(): Command {
  const program = new Command("strata")
    .description("Strata tools above the layers: the reference stack and the tools built on the hub's stream")
    .version("0.1.0")
    .showHelpAfterError();
  for (const subcommand of SUBCOMMANDS) program.addCommand(subcommand());
  return program;
}
