import { constants, readFileSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

interface Entry {
  handle: Promise<FileHandle>;
  /** Operations using the handle now: it is not closed under them. */
  users: number;
  /** Resolves the closing of an entry forgotten while in use. */
  idle?: () => void;
}

/** Open files kept when the process's limit cannot be read. */
const DEFAULT_OPEN_FILES = 256;

/**
 * The volume files' open handles, at most `limit` of them: an LRU cache. A
 * file is opened when an operation needs it and stays open for the next one;
 * beyond the limit the least recently used idle handle is closed. So the
 * number of volumes is bounded by disk, never by the process's open-file
 * limit, and a restart opens nothing until I/O arrives.
 */
export class FileHandles {
  /** In use order: the least recently used first. */
  private readonly entries = new Map<string, Entry>();

  constructor(readonly limit: number = defaultLimit()) {}

  /** How many handles are open (or opening) now. */
  get size(): number {
    return this.entries.size;
  }

  /** Runs work with the file at `path` open read-write; ENOENT when it does not exist. */
  async use<T>(path: string, work: (handle: FileHandle) => Promise<T>): Promise<T> {
    const entry = this.entries.get(path) ?? { handle: this.open(path), users: 0 };
    this.entries.delete(path);
    this.entries.set(path, entry); // the most recently used goes last
    entry.users += 1;
    try {
      const handle = await entry.handle.catch((error: unknown) => {
        // A failed open is not kept: the next operation tries again.
        if (this.entries.get(path) === entry) this.entries.delete(path);
        throw error;
      });
      return await work(handle);
    } finally {
      entry.users -= 1;
      if (entry.users === 0) entry.idle?.();
      this.evict();
    }
  }

  /** Takes a handle opened elsewhere (a file just created) as the most recently used. */
  adopt(path: string, handle: FileHandle): void {
    void this.forget(path);
    this.entries.set(path, { handle: Promise.resolve(handle), users: 0 });
    this.evict();
  }

  /** Closes the file's handle once its operations are done (the file is being deleted). */
  async forget(path: string): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    if (entry.users > 0) await new Promise<void>((resolve) => { entry.idle = resolve; });
    await closeQuietly(entry.handle);
  }

  /** Closes every handle once idle. */
  async close(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((path) => this.forget(path)));
  }

  /** Opens a file; when the process is out of descriptors, closes idle handles and tries once more. */
  private async open(path: string): Promise<FileHandle> {
    try {
      return await open(path, constants.O_RDWR);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EMFILE" && code !== "ENFILE") throw error;
      await Promise.all([...this.entries].filter(([, e]) => e.users === 0).map(([p]) => this.forget(p)));
      return open(path, constants.O_RDWR);
    }
  }

  /** Closes the least recently used idle handles while more than `limit` are open. */
  private evict(): void {
    if (this.entries.size <= this.limit) return;
    for (const [path, entry] of this.entries) {
      if (this.entries.size <= this.limit) break;
      if (entry.users === 0) void this.forget(path);
    }
  }
}

async function closeQuietly(handle: Promise<FileHandle>): Promise<void> {
  try {
    await (await handle).close();
  } catch {
    // Never opened (the open failed), or already closed: nothing to release.
  }
}

/**
 * A quarter of the process's open-file limit (Linux: /proc/self/limits), at
 * most 256: the rest stays for sockets, the catalogue and the runtime.
 */
function defaultLimit(): number {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const soft = Number(limits.match(/^Max open files\s+(\d+)/m)?.[1]);
    if (Number.isFinite(soft) && soft > 0) return Math.max(8, Math.min(DEFAULT_OPEN_FILES, Math.floor(soft / 4)));
  } catch {
    // Not Linux: the default below.
  }
  return DEFAULT_OPEN_FILES;
}
