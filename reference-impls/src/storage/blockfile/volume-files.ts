import { open, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { StrataError } from "@strata/sdk/server";
import { allocationUnitOf } from "./filesystem-device.js";
import type { FilesystemPool } from "./filesystem-pool.js";
import { FileHandles } from "./file-handles.js";
import { VolumeFile } from "./volume-file.js";
import { createLatencyWindow, storage } from "@strata/sdk/storage";

type Volume = storage.Volume;

/**
 * The volumes' sparse files, `<volumeId>.img` in one directory, their handles
 * kept open in one bounded cache, with their space accounted in the pool: a
 * thick volume's whole capacity from create on, a thin one's real blocks as
 * they get written.
 */
export class VolumeFiles {
  private readonly files = new Map<string, VolumeFile>();
  private readonly opening = new Map<string, Promise<VolumeFile>>();
  /** What each volume counts for in the pool's allocation now. */
  private readonly charges = new Map<string, bigint>();
  private readonly handles: FileHandles;

  constructor(private readonly dir: string, private readonly pool: FilesystemPool, private readonly blockSize: number, maxOpenFiles?: number) {
    this.handles = new FileHandles(maxOpenFiles);
  }

  /** How many volume files are open now (at most the handle cache's limit, plus those in use). */
  get openFiles(): number {
    return this.handles.size;
  }

  pathOf(volumeId: string): string {
    return join(this.dir, `${volumeId}.img`);
  }

  async create(volume: Volume): Promise<void> {
    await this.pool.sample();
    const reserved = isThick(volume) ? volume.capacityBytes : 0n;
    this.pool.take(reserved, `volume "${volume.name}"`);
    let file: VolumeFile | undefined;
    try {
      file = await VolumeFile.open(volume.volumeId, this.pathOf(volume.volumeId), volume.capacityBytes, {
        mode: "new", blockSize: this.blockSize, handles: this.handles,
      });
      // The catalogue will name this file: make its directory entry as durable as the catalogue.
      await syncDirectory(this.dir);
    } catch (error) {
      await file?.close();
      this.pool.track(-reserved);
      throw ioError(error, `volume "${volume.name}"`);
    }
    this.files.set(volume.volumeId, file);
    this.charges.set(volume.volumeId, reserved);
    this.pool.track(0n, file.allocatedBytes);
  }

  /**
   * After a restart: opens the files of the catalogue's volumes (a missing
   * one comes back empty) and deletes the files it does not name, left by a
   * create that never got acknowledged.
   */
  async adopt(volumes: Iterable<Volume>): Promise<void> {
    const named = new Set<string>();
    for (const volume of volumes) {
      named.add(`${volume.volumeId}.img`);
      if (!this.files.has(volume.volumeId)) await this.opened(volume, "adopt");
    }
    for (const name of await readdir(this.dir)) {
      if (name.endsWith(".img") && !named.has(name) && !this.files.has(name.slice(0, -4))) await removeFile(join(this.dir, name));
    }
  }

  /** The volume's open file; NOT_FOUND when it has none. */
  async fileOf(volume: Volume): Promise<VolumeFile> {
    return this.files.get(volume.volumeId) ?? this.opened(volume, "existing");
  }

  async remove(volume: Volume): Promise<void> {
    const file = this.files.get(volume.volumeId) ?? (await this.opening.get(volume.volumeId)?.catch(() => undefined));
    this.files.delete(volume.volumeId);
    if (file) {
      await file.close();
      this.pool.track(-(this.charges.get(volume.volumeId) ?? 0n), -file.allocatedBytes);
      this.charges.delete(volume.volumeId);
    }
    await removeFile(this.pathOf(volume.volumeId));
  }

  async expand(volume: Volume, capacityBytes: bigint): Promise<void> {
    const file = await this.fileOf(volume);
    await this.pool.sample();
    const extra = isThick(volume) ? capacityBytes - volume.capacityBytes : 0n;
    this.pool.take(extra, `expansion of volume "${volume.volumeId}"`);
    try {
      await file.resize(capacityBytes);
    } catch (error) {
      this.pool.track(-extra);
      throw ioError(error, `expansion of volume "${volume.volumeId}"`);
    }
    this.charges.set(volume.volumeId, (this.charges.get(volume.volumeId) ?? 0n) + extra);
  }

  /** Writes, holding pool room for the holes a thin write may fill, then accounts for what it really took. */
  async write(volume: Volume, offset: number, data: Buffer, durable: boolean): Promise<void> {
    const file = await this.fileOf(volume);
    const what = `write to volume "${volume.volumeId}"`;
    const full = isThick(volume) || file.allocatedBytes >= volume.capacityBytes;
    const release = this.pool.hold(full ? 0n : file.newBytesFor(offset, data.length), what);
    try {
      await file.write(offset, data, durable);
    } catch (error) {
      throw ioError(error, what);
    } finally {
      await this.account(volume, file);
      release();
    }
  }

  /** Bytes allocated to the volume: all of a thick one, the real blocks of a thin one. */
  allocatedBytes(volume: Volume): bigint {
    if (isThick(volume)) return volume.capacityBytes;
    const unit = allocationUnitOf(this.blockSize);
    const allocated = (((this.files.get(volume.volumeId)?.allocatedBytes ?? 0n) + unit - 1n) / unit) * unit;
    return allocated < volume.capacityBytes ? allocated : volume.capacityBytes;
  }

  /** The volume's recent I/O latency (none while its file is not open). */
  latencyOf(volume: Volume): storage.IoLatency {
    return (this.files.get(volume.volumeId)?.latency ?? createLatencyWindow()).summary();
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.close()));
    this.files.clear();
    await this.handles.close();
  }

  private opened(volume: Volume, mode: "adopt" | "existing"): Promise<VolumeFile> {
    const id = volume.volumeId;
    let opening = this.opening.get(id);
    if (!opening) {
      opening = VolumeFile.open(id, this.pathOf(id), volume.capacityBytes, { mode, blockSize: this.blockSize, handles: this.handles })
        .then((file) => {
          this.files.set(id, file);
          this.pool.track(0n, file.allocatedBytes);
          this.setCharge(volume, isThick(volume) ? volume.capacityBytes : this.allocatedBytes(volume));
          return file;
        }, (error: NodeJS.ErrnoException) => {
          throw error.code === "ENOENT" ? StrataError.notFound("volume", id) : error;
        })
        .finally(() => this.opening.delete(id));
      this.opening.set(id, opening);
    }
    return opening;
  }

  /** Re-reads a file's real blocks after a write and passes the change on to the pool. */
  private async account(volume: Volume, file: VolumeFile): Promise<void> {
    try {
      this.pool.track(0n, await file.refresh());
      if (!isThick(volume)) this.setCharge(volume, this.allocatedBytes(volume));
    } catch {
      // The file was closed under us: the volume is being deleted, and its space with it.
    }
  }

  private setCharge(volume: Volume, charge: bigint): void {
    this.pool.track(charge - (this.charges.get(volume.volumeId) ?? 0n));
    this.charges.set(volume.volumeId, charge);
  }
}

function isThick(volume: Volume): boolean {
  return volume.provisioning !== storage.Provisioning.PROVISIONING_THIN;
}

/** A filesystem out of space is the pool out of space: CAPACITY_EXHAUSTED, with the errno as cause. */
function ioError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== "ENOSPC" && code !== "EDQUOT") return error;
  const exhausted = StrataError.capacityExhausted(`filesystem (${what})`);
  return new StrataError(exhausted.code, exhausted.message, { reason: exhausted.reason, cause: error });
}

async function removeFile(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
