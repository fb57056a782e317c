import { mkdir, open, rename, readFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Where the storage kit keeps its catalogue (volumes, mappings, policies). */
export interface StateStore {
  /** The saved state, or undefined on first start. */
  load(): Promise<string | undefined>;
  /** Saves the state durably before resolving. */
  save(state: string): Promise<void>;
}

/** Keeps state in memory only: lost on restart. */
export function createMemoryStateStore(): StateStore {
  let saved: string | undefined;
  return {
    load: async () => saved,
    save: async (state) => { saved = state; },
  };
}

/**
 * Keeps state in a JSON file, written atomically (temporary file, fsync,
 * rename, fsync of the directory) so a crash leaves the old or the new state,
 * never a torn one. Saves are serialised in call order.
 */
export function createFileStateStore(path: string): StateStore {
  let queue: Promise<void> = Promise.resolve();
  return {
    async load() {
      try {
        return await readFile(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    save(state) {
      const write = queue.then(() => writeAtomically(path, state));
      queue = write.catch(() => undefined);
      return write;
    },
  };
}

async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  const file = await open(temporary, "w");
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
