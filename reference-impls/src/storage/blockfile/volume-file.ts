import { constants } from "node:fs";
import { open, stat, truncate, type FileHandle } from "node:fs/promises";
import { StrataError } from "@strata/sdk/server";
import { FileHandles } from "./file-handles.js";
import { KnownBlocks } from "./known-blocks.js";
import { createLatencyWindow } from "@strata/sdk/storage";
import type { LatencyWindow } from "@strata/sdk/storage";

export interface VolumeFileOptions {
  /**
   * "new" starts the file empty (whatever was there), "adopt" keeps its data
   * or creates it, "existing" fails with ENOENT when it is missing.
   */
  mode: "new" | "adopt" | "existing";
  blockSize: number;
  /** Where its handle is opened and kept, with the other volumes' (default: a cache of its own). */
  handles?: FileHandles;
}

/**
 * One volume's sparse file. Reads and writes go to the byte offset asked,
 * with no alignment; holes read as zeros. The file is opened through the
 * shared handle cache when I/O needs it, so a volume holds no descriptor
 * while idle. Its real allocation (st_blocks × 512) is cached and refreshed
 * after each write.
 */
export class VolumeFile {
  /** Recent I/O of this volume: its LUN's latency. */
  readonly latency: LatencyWindow = createLatencyWindow();
  private allocated: bigint;
  private readonly known: KnownBlocks;
  private refreshes = 0;
  private appliedRefresh = 0;
  private busy = 0;
  private idle: (() => void) | undefined;
  private closed = false;

  private constructor(
    readonly volumeId: string, private readonly path: string, private readonly handles: FileHandles, blocks: number, blockSize: number,
  ) {
    this.allocated = BigInt(blocks) * 512n;
    this.known = new KnownBlocks(blockSize);
  }

  /** Opens a volume's file at `capacityBytes` (see VolumeFileOptions.mode). */
  static async open(volumeId: string, path: string, capacityBytes: bigint, options: VolumeFileOptions): Promise<VolumeFile> {
    const handles = options.handles ?? new FileHandles(1);
    if (options.mode === "new") {
      // Created with its handle open: the first I/O usually follows at once.
      const handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC, 0o600);
      try {
        await handle.truncate(Number(capacityBytes));
      } catch (error) {
        await handle.close();
        throw error;
      }
      handles.adopt(path, handle);
      return new VolumeFile(volumeId, path, handles, 0, options.blockSize);
    }
    // Adopted and existing files are sized by path: a restart holds no descriptor per volume.
    if (options.mode === "adopt") await (await open(path, constants.O_RDWR | constants.O_CREAT, 0o600)).close();
    const stats = await stat(path);
    if (BigInt(stats.size) !== capacityBytes) await truncate(path, Number(capacityBytes));
    return new VolumeFile(volumeId, path, handles, stats.blocks, options.blockSize);
  }

  /** Bytes the file really occupies, as of the last refresh. */
  get allocatedBytes(): bigint {
    return this.allocated;
  }

  /** An upper bound of the new space a write at [offset, offset + length) takes. */
  newBytesFor(offset: number, length: number): bigint {
    return BigInt(this.known.unknownBytes(offset, length));
  }

  read(offset: number, length: number): Promise<Buffer> {
    return this.using(async (handle) => {
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.fill(0, done);
    });
  }

  /** Writes data at offset; with `durable`, returns once it is on stable storage (fdatasync). */
  write(offset: number, data: Buffer, durable: boolean): Promise<void> {
    return this.using(async (handle) => {
      for (let done = 0; done < data.length;) {
        const { bytesWritten } = await handle.write(data, done, data.length - done, offset + done);
        done += bytesWritten;
      }
      this.known.mark(offset, data.length);
      if (durable) await handle.datasync();
    });
  }

  /** Re-reads the allocation; returns how much it changed. Answers that arrive out of order are ignored. */
  refresh(): Promise<bigint> {
    return this.using(async (handle) => {
      const ticket = ++this.refreshes;
      const { blocks } = await handle.stat();
      if (ticket < this.appliedRefresh) return 0n;
      this.appliedRefresh = ticket;
      const before = this.allocated;
      this.allocated = BigInt(blocks) * 512n;
      return this.allocated - before;
    });
  }

  /** Grows the file (holes: no new space). */
  resize(capacityBytes: bigint): Promise<void> {
    return this.using((handle) => handle.truncate(Number(capacityBytes)));
  }

  /** Closes the file once the I/O in progress is done; later I/O fails. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.busy > 0) await new Promise<void>((resolve) => { this.idle = resolve; });
    await this.handles.forget(this.path);
  }

  private async using<T>(work: (handle: FileHandle) => Promise<T>): Promise<T> {
    // Closed because the volume was deleted while this request was on its way.
    if (this.closed) throw StrataError.notFound("volume", this.volumeId);
    this.busy += 1;
    try {
      return await this.handles.use(this.path, work);
    } finally {
      this.busy -= 1;
      if (this.busy === 0) this.idle?.();
    }
  }
}
