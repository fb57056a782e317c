import type { LayerServer } from "../server/create-layer-server.js";
import type { VendorCommand } from "./vendor-command.js";
import { parseVendorArgs, VendorCliError } from "./vendor-settings.js";

/** Where the command runs; the defaults are the process's own (tests pass their own). */
export interface VendorCliRuntime {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Prints a line to standard output ("<name> listening on <address>"). */
  out?: (line: string) => void;
  /** Prints a line to standard error. */
  err?: (line: string) => void;
  /** Ends the process. */
  exit?: (code: number) => void;
  /** Emits SIGTERM and SIGINT (an EventEmitter in tests). */
  signals?: SignalSource;
  /** How long running calls may finish after a stop signal, ms (default 5000). */
  graceMs?: number;
}

/** What delivers the stop signals. */
export interface SignalSource {
  once(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
  off(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
}

/** A vendor endpoint the command started. */
export interface RunningVendor {
  server: LayerServer;
  /** The addresses clients dial, in the order given. */
  addresses: string[];
  /** Stops it as SIGTERM would (without exiting). */
  stop(): Promise<void>;
}

/**
 * Runs a vendor's endpoint from its command line: the flags every vendor
 * shares (listen addresses over TCP and unix sockets, TLS, mTLS, JWT from a
 * secret file, STRATA_JWT_SECRET or JWKS, insecure development mode, data
 * directory, telemetry interval) and the vendor's own, a proper --help,
 * "<name> listening on <address>" per address, and a graceful stop on
 * SIGTERM and SIGINT. A bad command line prints why and exits 1.
 *
 * @example
 * await runVendorCli({
 *   name: "acme-widgets", description: "Acme's widget layer", dataDir: "required",
 *   create: ({ auth, dataDir, sampleIntervalMs }) => createAcmeServer({ auth, dataDir: dataDir!, sampleIntervalMs }),
 * });
 */
export async function runVendorCli(command: VendorCommand, runtime: VendorCliRuntime = {}): Promise<RunningVendor | undefined> {
  const out = runtime.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = runtime.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = runtime.exit ?? ((code: number) => process.exit(code));
  const signals: SignalSource = runtime.signals ?? process;
  let settings;
  try {
    settings = parseVendorArgs(command, runtime.argv ?? process.argv, runtime.env ?? process.env);
  } catch (error) {
    if (!(error instanceof VendorCliError)) throw error;
    (error.exitCode === 0 ? out : err)(error.message);
    exit(error.exitCode);
    return undefined;
  }

  let server: LayerServer | undefined;
  const addresses: string[] = [];
  try {
    server = await command.create({ auth: settings.auth, sampleIntervalMs: settings.sampleIntervalMs, dataDir: settings.dataDir, flags: settings.flags });
    for (const address of settings.listen) {
      const bound = await server.listen(address, settings.tls);
      addresses.push(bound);
      out(`${command.name} listening on ${bound}`);
    }
  } catch (error) {
    err(`${command.name}: ${(error as Error).message}`);
    await server?.shutdown(0);
    exit(1);
    return undefined;
  }

  const running = server;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    signals.off("SIGTERM", onSignal);
    signals.off("SIGINT", onSignal);
    return (stopping ??= running.shutdown(runtime.graceMs ?? 5000));
  };
  const onSignal = () => {
    void stop().then(() => exit(0));
  };
  signals.once("SIGTERM", onSignal);
  signals.once("SIGINT", onSignal);
  return { server: running, addresses, stop };
}
