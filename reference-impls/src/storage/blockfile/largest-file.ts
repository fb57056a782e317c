import { open, unlink } from "node:fs/promises";
import { join } from "node:path";

/** Past this the file API cannot address bytes exactly (offsets are JS numbers). */
const EXACT_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The largest file the filesystem holding `dir` takes, a multiple of
 * `unitBytes` (ext4 with 4 KiB blocks: 16 TiB - 4 KiB), capped where file
 * offsets stop being exact. Found by growing a sparse probe file: a binary
 * search over ftruncate, which allocates nothing.
 */
export async function largestFileBytes(dir: string, unitBytes: bigint): Promise<bigint> {
  const path = join(dir, ".largest-file-probe");
  const handle = await open(path, "w");
  try {
    const fits = (units: bigint) => handle.truncate(Number(units * unitBytes)).then(() => true, (error: NodeJS.ErrnoException) => {
      if (error.code === "EFBIG" || error.code === "EINVAL") return false;
      throw error;
    });
    let low = 0n;
    let high = EXACT_LIMIT / unitBytes;
    if (await fits(high)) return high * unitBytes;
    while (low + 1n < high) {
      const mid = (low + high) / 2n;
      if (await fits(mid)) low = mid;
      else high = mid;
    }
    return low * unitBytes;
  } finally {
    await handle.close();
    await unlink(path);
  }
}
