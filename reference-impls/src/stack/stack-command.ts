import { Command, InvalidArgumentError } from "commander";
import { formatReport } from "./format-report.js";
import { runOnce, startStack } from "./run-stack.js";
import { loadStackConfig, type StackConfig } from "./stack-config.js";
import { STACK_OPERATOR } from "./stack-credentials.js";
import { runSwapDemo } from "./swap-demo.js";
import { manageStack } from "../management/server/manage-stack.js";

const seconds = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a number of seconds above 0");
  return n;
};

/** The config file, with the command line's overrides. */
function configOf(flags: { config?: string; duration?: number }): StackConfig {
  const config = loadStackConfig(flags.config);
  return flags.duration === undefined ? config : { ...config, workload: { ...config.workload, durationSeconds: flags.duration } };
}

/** Resolves on the first SIGINT or SIGTERM, aborting `controller`. */
function onStopSignal(controller: AbortController): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => { controller.abort(); resolve(); };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function up(flags: { config?: string; duration?: number; keepRunning?: boolean; manage?: string }): Promise<void> {
  const config = configOf(flags);
  const controller = new AbortController();
  const stopped = onStopSignal(controller);
  console.log(`starting the stack: ${Object.entries(config.layers).map(([l, v]) => `${l} ${v}`).join(", ")} (auth ${config.auth})`);
  const stack = await startStack(config, { onDeath: (message) => console.error(`✗ ${message}`) });
  const manage = flags.manage ? await manageStack(stack, flags.manage).catch(async (error) => { await stack.stop(); throw error; }) : undefined;
  try {
    for (const e of Object.values(stack.endpoints)) console.log(`  ${e.layer.padEnd(8)} ${e.vendor.padEnd(13)} ${e.address}${e.wired.length ? ` → ${e.wired.join(", ")}` : ""}`);
    console.log(`  hub      ${stack.hubAddress}`);
    if (manage) console.log(`  manage   ${manage.addresses[0]} (strata manage: capacity, chargeback, performance over gRPC; docs/stack.md)`);
    console.log(`provisioned ${stack.applications.map((a) => `${a.tenantId}/${a.applicationId}`).join(", ")}; running the workload for ${config.workload.durationSeconds} s (Ctrl-C stops)`);
    const { workload, report } = await runOnce(stack, controller.signal);
    console.log(formatReport(report, workload));
    if (flags.keepRunning && !controller.signal.aborted) {
      const credentials = "tokenFile" in stack.credentials.upstream ? `--token-file ${stack.credentials.upstream.tokenFile}`
        : `--insecure-tenant ${STACK_OPERATOR} --insecure-roles operator`;
      const hubCredentials = "tokenFile" in stack.credentials.upstream ? `--hub-token-file ${stack.credentials.upstream.tokenFile}` : "--insecure-dev";
      console.log(`\nthe stack stays up, the hub on ${stack.hubAddress}; Ctrl-C stops it. Watch it with:\n  npx strata top --hub ${stack.hubAddress} ${credentials}`);
      console.log(`and report on it with:\n  npx strata capacity --hub ${stack.hubAddress} ${hubCredentials}`);
      await stopped;
    }
  } finally {
    await manage?.stop();
    await stack.stop();
    if (stack.deaths.length > 0) {
      console.error(`${stack.deaths.length} vendor(s) died during the run:\n${stack.deaths.join("\n")}`);
      process.exitCode = 1;
    }
  }
}

/**
 * `strata stack`: `up` starts the reference stack of a config (the bundled
 * default without --config), runs its workload and prints what the hub says;
 * `swap-demo` runs it twice, swapping storage and the LAN between the runs.
 */
export function stackCommand(): Command {
  const stack = new Command("stack").description("the reference stack: one vendor per layer, wired bottom-up, and the hub above them");
  stack.command("up")
    .description("start the stack, provision the tenants' applications, run the workload and print what the hub says")
    .option("--config <file>", "the stack config (YAML, docs/stack.md); default: the bundled default")
    .option("--duration <seconds>", "how long the workload runs (overrides workload.duration)", seconds)
    .option("--keep-running", "leave the stack up after the workload, for strata top, until Ctrl-C")
    .option("--manage <address>", "also serve the management tools (strata manage) on this address, against the stack's hub, from before the workload")
    .action(up);
  stack.command("swap-demo")
    .description("run the workload, then again with storage memstore → blockfile and the LAN softswitch → udpswitch, and compare the hub's answers")
    .option("--config <file>", "the first run's config; the second differs only in those two layers")
    .option("--duration <seconds>", "how long each run's workload runs", seconds)
    .action(async (flags: { config?: string; duration?: number }) => {
      const result = await runSwapDemo(configOf(flags), { log: (line) => console.log(line) });
      if (!result.sameShape) process.exitCode = 1;
    });
  return stack;
}
