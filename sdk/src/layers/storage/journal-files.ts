import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import type { SavedState } from "./state-store.js";

/** A snapshot file: the journal sequence it includes, and the state. */
interface Envelope {
  seq: number;
  state: unknown;
}

/**
 * The two files of a file state store. Journal records are lines
 * `<seq> <check> <change>`: a sequence number, the first 8 hex digits of the
 * SHA-256 of `<seq> <change>`, and the change's text. The snapshot records the
 * last sequence it includes, so records a crash left in the journal after a
 * compaction are skipped, never applied twice. Not safe for concurrent calls
 * (createFileStateStore serialises them).
 */
export function createJournalFiles(snapshotPath: string, journalPath: string) {
  let journal: FileHandle | undefined;
  let seq = 0;

  const openJournal = async (): Promise<FileHandle> => {
    if (journal) return journal;
    await mkdir(dirname(journalPath), { recursive: true });
    journal = await open(journalPath, "a");
    await syncDirectory(journalPath);
    return journal;
  };

  return {
    async load(): Promise<SavedState> {
      const text = await readIfAny(snapshotPath);
      const envelope = text === undefined ? undefined : asEnvelope(JSON.parse(text));
      const snapshot = envelope ? JSON.stringify(envelope.state) : text;
      seq = envelope?.seq ?? 0;
      const { changes, lastSeq, goodBytes, tornBytes } = readJournal(await readIfAny(journalPath) ?? "", seq, journalPath);
      seq = Math.max(seq, lastSeq);
      if (tornBytes > 0) {
        // Cut the torn record off, so the next one starts on a line of its own.
        const handle = await openJournal();
        await handle.truncate(goodBytes);
        await handle.datasync();
      }
      return { snapshot, changes };
    },

    async append(change: string): Promise<void> {
      const handle = await openJournal();
      const next = seq + 1;
      await handle.write(`${next} ${check(next, change)} ${change}\n`);
      await handle.datasync();
      seq = next;
    },

    async compact(snapshot: string): Promise<void> {
      await writeAtomically(snapshotPath, `{"seq":${seq},"state":${snapshot}}`);
      const handle = await openJournal();
      await handle.truncate(0);
      await handle.datasync();
    },

    async close(): Promise<void> {
      await journal?.close();
      journal = undefined;
    },
  };
}

function check(seq: number, change: string): string {
  return createHash("sha256").update(`${seq} ${change}`).digest("hex").slice(0, 8);
}

/** A snapshot written by this store, or undefined for a state saved whole by an earlier version. */
function asEnvelope(value: unknown): Envelope | undefined {
  const envelope = value as Partial<Envelope>;
  return typeof envelope.seq === "number" && "state" in envelope ? (envelope as Envelope) : undefined;
}

/**
 * The changes of a journal after sequence `after`. A last record without its
 * newline or with a bad check was torn by a crash while it was written (never
 * acknowledged): it is left out. A bad record anywhere else is damage: throws.
 */
function readJournal(text: string, after: number, path: string) {
  const changes: string[] = [];
  let lastSeq = 0;
  let goodBytes = 0;
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    const last = i === lines.length - 1 || (i === lines.length - 2 && lines[i + 1] === "");
    if (i === lines.length - 1 && line === "") break;
    const record = line.match(/^(\d+) ([0-9a-f]{8}) (.*)$/);
    const recordSeq = Number(record?.[1]);
    const whole = i < lines.length - 1 && record !== null && check(recordSeq, record[3]!) === record[2] && recordSeq > lastSeq;
    if (!whole) {
      if (last) break;
      throw new Error(`catalogue journal ${path}: record ${i + 1} of ${lines.length - 1} is damaged; restore the data directory from a backup`);
    }
    lastSeq = recordSeq;
    goodBytes += Buffer.byteLength(line) + 1;
    if (recordSeq > after) changes.push(record![3]!);
  }
  return { changes, lastSeq, goodBytes, tornBytes: Buffer.byteLength(text) - goodBytes };
}

async function readIfAny(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
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
  await syncDirectory(path);
}

/** Makes a file's directory entry durable (its creation or renaming). */
async function syncDirectory(path: string): Promise<void> {
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
