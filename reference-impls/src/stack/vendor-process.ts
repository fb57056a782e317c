import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

/** How a vendor's command is run: from the sources (tsx, as `npm start` runs) or from dist/ once built. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/** The command line of a reference vendor's (or any reference command's) main module, relative to reference-impls/src. */
export function mainModule(folder: string): { command: string; args: string[] } {
  const file = fileURLToPath(new URL(`../${folder}/main.${FROM_SOURCES ? "ts" : "js"}`, import.meta.url));
  return { command: process.execPath, args: FROM_SOURCES ? ["--conditions=strata-source", "--import", "tsx", file] : [file] };
}

export interface VendorProcessOptions {
  /** Its label in messages ("storage (memstore)"). */
  label: string;
  /** Folder of its main module under reference-impls/src ("storage/memstore"). */
  folder: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** How long it may take to print its listening address, ms (default 60 000). */
  startTimeoutMs?: number;
}

/** A vendor running as a child process. */
export interface VendorProcess {
  readonly label: string;
  readonly address: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal) once it exited. */
  readonly exited: Promise<string>;
  /** True once stop() was asked: an exit after it is no death. */
  readonly stopping: boolean;
  /** Its last lines of standard error. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Lines of a stream, the last `keep` kept. */
function tail(keep: number) {
  const lines: string[] = [];
  return { push: (line: string) => { lines.push(line); if (lines.length > keep) lines.shift(); }, text: () => lines.join("\n") };
}

/**
 * Starts a vendor command with `--listen` in `args` and resolves once it
 * printed "<name> listening on <address>"; rejects, with its standard error,
 * if it exits or stays silent first.
 */
export function startVendorProcess(options: VendorProcessOptions): Promise<VendorProcess> {
  const { command, args } = mainModule(options.folder);
  const child: ChildProcess = spawn(command, [...args, ...options.args], {
    env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  const stderr = tail(20);
  createInterface({ input: child.stderr! }).on("line", stderr.push);
  // The launcher stops its vendors itself, so a Ctrl-C at the terminal does not reach them first (their own process
  // group); should the launcher exit without stopping them, they go with it.
  const orphaned = () => child.kill("SIGKILL");
  process.once("exit", orphaned);
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => {
    process.off("exit", orphaned);
    resolve(signal ?? `exit code ${code}`);
  }));
  let stopping = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${options.label} did not print its address within ${options.startTimeoutMs ?? 60_000} ms:\n${stderr.text()}`));
    }, options.startTimeoutMs ?? 60_000);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${options.label} exited (${how}) before it listened:\n${stderr.text()}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = / listening on (\S+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        label: options.label, address: match[1]!, pid: child.pid!, exited,
        get stopping() { return stopping; },
        stderrTail: stderr.text,
        async stop(graceMs = 5000) {
          stopping = true;
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill("SIGTERM");
          const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
