import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfigError, type ConformanceConfigInput } from "../config.js";
import { layerModules } from "../registry/layer-registry.js";
import { createHumanReporter, type ReporterOutput } from "../reporters/human-reporter.js";
import { formatJson } from "../reporters/json-report.js";
import { formatJunitXml } from "../reporters/junit-report.js";
import { runHubConformance } from "../hub/run-hub-conformance.js";
import { awaitHubReady } from "../hub/await-hub-ready.js";
import { createStreamRelay } from "../hub/stream-relay.js";
import { restartByCommand } from "../management/restart-command.js";
import { MANAGEMENT_CHECK_TIMEOUT_MS, runManagementConformance } from "../management/run-management-conformance.js";
import { runConformance, type RunOptions } from "../runner/run-conformance.js";
import { formatSwapReport } from "../swap/format-swap-report.js";
import { runSwap } from "../swap/run-swap.js";
import { configFromFlags, FLAG_OF_FIELD, type ConnectionFlags } from "./config-from-flags.js";

export interface CliIo {
  stdout: ReporterOutput;
  stderr: { write(text: string): unknown };
}

/** Exit codes: every check passed, a check (or the swap proof) failed, the command line or config is wrong. */
export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

interface RunFlags extends ConnectionFlags {
  target: string;
  behind?: string;
  behindRelay?: string;
  management?: string;
  managementRestart?: string;
  junit?: string;
  json?: string;
  focus: string[];
  skip: string[];
  repeats?: number;
}

interface SwapFlags extends ConnectionFlags {
  a: string;
  b: string;
  json?: string;
}

/**
 * The strata-conformance command line. It only maps flags onto the config and
 * calls the library; resolves to the exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode: number = EXIT.passed;
  const program = new Command("strata-conformance")
    .description("Checks a Strata endpoint against the standard, and proves two vendors of a layer interchangeable.")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .addHelpText("after", "\nExit codes: 0 every check passed, 1 a check failed, 2 usage or config error.");

  withConnectionFlags(program.command("run").description("run the common suites and those of every layer the endpoint declares (or --layer) against one endpoint"))
    .requiredOption("--target <address>", "the endpoint: host:port or unix:/path")
    .option("--junit <file>", "write a JUnit XML report")
    .option("--json <file>", "write the report as JSON")
    .option("--focus <tag>", "run only checks with this tag or title substring (repeatable)", collect, [])
    .option("--skip <tag>", "leave out checks with this tag or title substring (repeatable)", collect, [])
    .option("--repeats <n>", "how many times idempotency checks repeat a call (default 10)", integer)
    .option("--behind <address>", "the target is a hub (docs/hub.md): the layer endpoint behind it the suite drives traffic on, with the same credentials (--layer picks its layer)")
    .option("--behind-relay <host:port>", "the hub reads --behind through this address, where the suite relays to --behind and can cut the relay (the check of a hub's disturbed streams)")
    .option("--management <address>", "check this management endpoint (docs/management.md) instead, which reads the hub --target; traffic is made on --behind")
    .option("--management-restart <command>", "a shell command restarting the --management endpoint, for the checks of what survives a restart")
    .action(async (flags: RunFlags) => {
      const human = createHumanReporter(io.stdout);
      const config = {
        ...configFromFlags(flags, flags.target),
        focus: flags.focus,
        skip: flags.skip,
        ...(flags.repeats !== undefined ? { idempotencyRepeats: flags.repeats } : {}),
      };
      const report = flags.management !== undefined ? await runManagement(flags, config, human)
        : flags.behind === undefined ? await runConformance(config, human)
          : await runHub(flags, flags.behind, config, human);
      human.onEnd(report);
      if (flags.junit) await writeReport(flags.junit, formatJunitXml(report));
      if (flags.json) await writeReport(flags.json, formatJson(report));
      exitCode = report.summary.failed > 0 ? EXIT.failed : EXIT.passed;
    });

  withConnectionFlags(program.command("swap").description("run one scenario against two endpoints and compare what tools depend on"))
    .requiredOption("--a <address>", "endpoint A: host:port or unix:/path")
    .requiredOption("--b <address>", "endpoint B: host:port or unix:/path")
    .option("--json <file>", "write the side-by-side report as JSON")
    .action(async (flags: SwapFlags) => {
      const report = await runSwap(configFromFlags(flags, flags.a), configFromFlags(flags, flags.b));
      io.stdout.write(formatSwapReport(report));
      if (flags.json) await writeReport(flags.json, formatJson(report));
      exitCode = report.passed ? EXIT.passed : EXIT.failed;
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help"
        ? EXIT.passed : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`strata-conformance: ${FLAG_OF_FIELD[error.field] ?? error.field} ${error.problem}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** How long a run with --behind-relay gives the hub to sync through the relay it just started, ms. */
const HUB_READY_MS = 30_000;

/** `run --behind`: the hub module against the hub --target, traffic made on --behind, through the suite's relay when --behind-relay names the address the hub reads it by. */
async function runHub(flags: RunFlags, behindTarget: string, config: ConformanceConfigInput, human: RunOptions) {
  const behind = configFromFlags(flags, behindTarget);
  if (flags.behindRelay === undefined) return runHubConformance(config, { behind }, human);
  const relay = await createStreamRelay(behindTarget, flags.behindRelay).catch((error: Error) => {
    throw new ConfigError("--behind-relay", `cannot listen: ${error.message}`);
  });
  try {
    await awaitHubReady(config, HUB_READY_MS);
    return await runHubConformance(config, { behind, relay }, human);
  } finally {
    await relay.close();
  }
}

/** `run --management`: the management checks against that endpoint, reading the hub --target, traffic made on --behind. */
function runManagement(flags: RunFlags, config: ConformanceConfigInput, human: RunOptions) {
  if (flags.behind === undefined) throw new ConfigError("--behind", "is required with --management: the layer endpoint behind the hub, where the suite makes traffic");
  const management = { ...config, ...configFromFlags(flags, flags.management!) };
  const timeoutMs = management.timeoutMs ?? MANAGEMENT_CHECK_TIMEOUT_MS;
  return runManagementConformance(management, {
    hub: configFromFlags(flags, flags.target), behind: configFromFlags(flags, flags.behind),
    ...(flags.managementRestart ? { restart: restartByCommand(flags.managementRestart, { target: flags.management!, timeoutMs }) } : {}),
  }, human);
}

function withConnectionFlags(command: Command): Command {
  return command
    .addOption(new Option("--layer <layer>", "check this layer only (default: every layer GetInfo declares)").choices(layerModules().map((m) => m.name)))
    .option("--tls-ca <file>", "CA bundle of the endpoint's certificate (TLS; plaintext without any --tls-*)")
    .option("--tls-cert <file>", "client certificate, for mTLS")
    .option("--tls-key <file>", "client key, for mTLS")
    .option("--tls-server-name <name>", "expected server name when it is not the target's host")
    .option("--tls-cert-a <file>", "tenant A's own client certificate, for mTLS (instead of --tls-cert)")
    .option("--tls-key-a <file>", "tenant A's client key")
    .option("--tls-cert-b <file>", "tenant B's own client certificate, for mTLS (instead of --tls-cert)")
    .option("--tls-key-b <file>", "tenant B's client key")
    .option("--tls-cert-operator <file>", "the operator's own client certificate, for mTLS (instead of --tls-cert)")
    .option("--tls-key-operator <file>", "the operator's client key")
    .option("--token-a <jwt>", "bearer token of tenant A")
    .option("--token-b <jwt>", "bearer token of tenant B (another tenant)")
    .option("--token-operator <jwt>", "bearer token with the operator role")
    .option("--token-a-file <file>", "file holding tenant A's token (or set STRATA_TOKEN_A)")
    .option("--token-b-file <file>", "file holding tenant B's token (or set STRATA_TOKEN_B)")
    .option("--token-operator-file <file>", "file holding the operator's token (or set STRATA_TOKEN_OPERATOR)")
    .option("--insecure-tenants <a,b,operator>", "development mode: tenant names sent as strata-tenant headers, the third with the operator role")
    .option("--application-id <id>", "strata-application-id of every call (default conformance)")
    .option("--timeout <ms>", "deadline of a call and of a check, above the endpoint's sample interval (default 10000; 30000 for a hub, --behind)", integer)
    .option("--absent-id <template>", "how to make ids no resource has: {uuid}, {hex:N} (default conformance-absent-{hex:8})")
    .option("--param <layer.name=value>", `a parameter a layer module reads (repeatable)${parameterHelp()}`, collect, [])
    .option("--clock-tolerance <ms>", "how far the endpoint's clock may be from the suite's (default 50)", integer);
}

/** The parameters each module lists, for --help: "; <layer>.<name>: what it sets". */
function parameterHelp(): string {
  const listed = layerModules().flatMap((m) => Object.entries(m.parameters ?? {}).map(([name, what]) => `${m.name}.${name}: ${what}`));
  return listed.length > 0 ? `; ${listed.join("; ")}` : "";
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integer(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("not a whole number.");
  return Number(value);
}

async function writeReport(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}
