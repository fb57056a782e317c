import { createJournalFiles } from "./journal-files.js";

/** What a StateStore holds: the last snapshot and the changes recorded after it, in order. */
export interface SavedState {
  /** The catalogue as of the last compaction; undefined on first start. */
  snapshot: string | undefined;
  changes: string[];
}

/**
 * Where the storage kit keeps its catalogue (volumes, mappings, policies):
 * a snapshot and a journal of the changes after it. The catalogue appends one
 * record per change and now and then compacts the journal into a new
 * snapshot, so a change costs about one record whatever the catalogue's size.
 */
export interface StateStore {
  load(): Promise<SavedState>;
  /** Records one change; resolves only once it is as durable as the store promises. */
  append(change: string): Promise<void>;
  /** Replaces the snapshot and every change recorded so far by `snapshot`. */
  compact(snapshot: string): Promise<void>;
  /** Releases files; the endpoint calls it once it has stopped. */
  close?(): Promise<void>;
}

/** Keeps state in memory only: lost on restart. */
export function createMemoryStateStore(): StateStore {
  const saved: SavedState = { snapshot: undefined, changes: [] };
  return {
    load: async () => ({ snapshot: saved.snapshot, changes: [...saved.changes] }),
    append: async (change) => { saved.changes.push(change); },
    compact: async (snapshot) => {
      saved.snapshot = snapshot;
      saved.changes = [];
    },
  };
}

/**
 * Keeps state in files: the snapshot at `path` (written atomically: temporary
 * file, fsync, rename, fsync of the directory) and the journal beside it
 * (`catalog.json` → `catalog.journal`), each record checksummed and
 * fdatasync'ed before append resolves. A crash leaves every acknowledged
 * change; a record torn by it is ignored, and a journal damaged anywhere else
 * refuses to load. A file saved whole by an earlier version loads as a
 * snapshot.
 */
export function createFileStateStore(path: string): StateStore {
  const files = createJournalFiles(path, path.replace(/(\.json)?$/, ".journal"));
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    load: () => serial(() => files.load()),
    append: (change) => serial(() => files.append(change)),
    compact: (snapshot) => serial(() => files.compact(snapshot)),
    close: () => serial(() => files.close()),
  };
}
