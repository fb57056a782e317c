import { management } from "@strata/sdk/contracts";
import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { hubConnectionOf, withHubOptions } from "../hub/hub-options.js";
import { createAssurance } from "./create-assurance.js";
import { readSlaFile } from "./sla-file.js";

const positive = (value: string, flag: string) => {
  const n = Number(value);
  if (!(n > 0)) throw new Error(`${flag}: "${value}" is not a number above 0`);
  return n;
};

/**
 * `strata assurance`: keeps the SLAs of a file (docs/assurance.md) through
 * the layers' standard controls, watching the hub's stream, and prints each
 * audited action as the proto3 JSON of an SlaAction, one per line, as it is
 * taken. Layer endpoints not given are read from the hub's ListEndpoints. On
 * SIGINT or SIGTERM it relaxes everything it holds, then exits.
 */
export function assuranceCommand(): Command {
  return withHubOptions(new Command("assurance").description("latency SLAs kept by re-issuing the layers' QoS, CPU shares and shaping when an application is at risk, from the hub's stream"))
    .addOption(new Option("--slas <file>", "the SLA file (YAML or JSON)").makeOptionMandatory())
    .addOption(new Option("--storage-endpoint <address...>", "storage endpoints to control (default: the hub's)"))
    .addOption(new Option("--network-endpoint <address...>", "LAN endpoints to control (default: the hub's)"))
    .addOption(new Option("--compute-endpoint <address...>", "compute endpoints to control (default: the hub's)"))
    .addOption(new Option("--access-endpoint <address...>", "access endpoints to control (default: the hub's)"))
    .addOption(new Option("--control-token-file <file>", "file holding the operator's bearer token for the layers' control RPCs (default: the hub's credentials)"))
    .addOption(new Option("--risk-fraction <f>", "at risk above this fraction of the target").default("0.8"))
    .addOption(new Option("--hold-seconds <s>", "how long the risk must have passed before the controller relaxes").default("5"))
    .action(async (flags: Record<string, unknown>, command: Command) => {
      let slas: ReturnType<typeof readSlaFile>;
      try {
        slas = readSlaFile(flags.slas as string);
      } catch (error) {
        return command.error(`strata assurance: ${(error as Error).message}`);
      }
      const hub = hubConnectionOf(flags);
      const endpoints = Object.fromEntries((["storage", "network", "compute", "access"] as const)
        .filter((layer) => flags[`${layer}Endpoint`]).map((layer) => [layer, flags[`${layer}Endpoint`] as string[]]));
      const assurance = await createAssurance({
        hub,
        endpoints,
        ...(flags.controlTokenFile ? { controlAuth: { token: readFileSync(flags.controlTokenFile as string, "utf8").trim() } } : {}),
        slas,
        riskFraction: positive(flags.riskFraction as string, "--risk-fraction"),
        holdNs: BigInt(Math.round(positive(flags.holdSeconds as string, "--hold-seconds") * 1e9)),
        onAction: (action) => process.stdout.write(`${JSON.stringify(management.SlaAction.toJSON(action))}\n`),
      });
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await assurance.stop();
    });
}
