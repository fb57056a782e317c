import { strataCommand } from "./strata-command.js";

await strataCommand().parseAsync(process.argv);
