import { execFile } from "node:child_process";
import { mainModule } from "./vendor-process.js";

const known = new Map<string, Promise<Set<string>>>();

/** The flags a command declares, read once per process from its --help (every --flag it names). */
export function declaredFlags(folder: string): Promise<Set<string>> {
  if (!known.has(folder)) {
    const { command, args } = mainModule(folder);
    const flags = new Promise<Set<string>>((resolve, reject) => {
      execFile(command, [...args, "--help"], { timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) return reject(new Error(`${folder} --help failed: ${error.message}\n${stderr}`));
        resolve(new Set(stdout.match(/--[a-z0-9][a-z0-9-]*/g) ?? []));
      });
    });
    known.set(folder, flags);
    flags.catch(() => known.delete(folder));
  }
  return known.get(folder)!;
}
