import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { createBlockfileQos, type BlockfileQosOptions } from "./blockfile-qos.js";
import { describeDeviceModel, paceIo, type DeviceModel } from "./device-model.js";
import { allocationUnitOf, freeBytes, probeFilesystem } from "./filesystem-device.js";
import { FilesystemPool } from "./filesystem-pool.js";
import { largestFileBytes } from "./largest-file.js";
import type { VolumeFile } from "./volume-file.js";
import { VolumeFiles } from "./volume-files.js";
import { createTenantLatency, storage } from "@strata/sdk/storage";
import type { PoolDescription, StorageBackend } from "@strata/sdk/storage";

export interface BlockfileOptions extends BlockfileQosOptions {
  /** Directory for the volume files (`volumes/`) and the catalogue; created if missing. */
  dataDir: string;
  /** Caps the pool's capacity, bytes (default: whatever the filesystem offers). */
  capacityBytes?: bigint;
  /** Volume files kept open at once (default: a quarter of the process's open-file limit, at most 256). */
  maxOpenFiles?: number;
  /**
   * Paces every I/O to at least this model's service time while it holds its
   * device slot (deviceQueueDepth of them), declared in the device's
   * description: a slow disk whose queue a flood fills (default none: as fast
   * as the host's filesystem).
   */
  deviceModel?: DeviceModel;
}

/** The blockfile StorageBackend, plus what a restart needs. */
export interface BlockfileBackend extends StorageBackend {
  /**
   * Opens the files of the volumes a reloaded catalogue holds and accounts
   * for their space; deletes volume files the catalogue does not name.
   * createBlockfileServer calls it; call it yourself when you pass this
   * backend to createStorageServer with a persistent state store.
   */
  adopt(volumes: Iterable<storage.Volume>): Promise<void>;
  close(): Promise<void>;
}

/** The one pool: the filesystem holding the data directory. */
const POOL_ID = "pool-blockfile-0";

/**
 * blockfile: volumes as sparse files on a local filesystem, real reads and
 * writes at byte offsets, fdatasync for durable writes; QoS by its own
 * scheduler (rate lanes, then a prioritised device queue).
 */
export async function createBlockfileBackend(options: BlockfileOptions): Promise<BlockfileBackend> {
  const dataDir = resolve(options.dataDir);
  const volumesDir = join(dataDir, "volumes");
  await mkdir(volumesDir, { recursive: true });
  const filesystem = await probeFilesystem(volumesDir);
  const pool = new FilesystemPool(POOL_ID, volumesDir, await freeBytes(volumesDir), options.capacityBytes);
  const allocationUnitBytes = allocationUnitOf(filesystem.blockSize);
  const maxVolumeBytes = await largestFileBytes(dataDir, 512n);
  const files = new VolumeFiles(volumesDir, pool, filesystem.blockSize, options.maxOpenFiles);
  const deviceLatency = createTenantLatency();
  const qos = createBlockfileQos(options);

  const model = options.deviceModel;
  const description = model ? `${filesystem.description}, ${describeDeviceModel(model)}` : filesystem.description;
  /** The filesystem as the pool's device, its latency as a viewer tenant may see it (undefined: every tenant's). */
  const device = (viewerTenantId: string | undefined): storage.Device => ({
    deviceId: filesystem.deviceId, kind: storage.DeviceKind.DEVICE_KIND_HOST_FILESYSTEM, description,
    latency: deviceLatency.summary(viewerTenantId), capacityBytes: filesystem.capacityBytes,
  });
  const timed = async <T>(volume: storage.Volume, file: VolumeFile, bytes: number, io: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    try {
      const result = await io();
      if (model) await paceIo(model, bytes, started);
      return result;
    } finally {
      const latencyNs = process.hrtime.bigint() - started;
      file.latency.add(latencyNs);
      deviceLatency.add(volume.workload!.tenantId, latencyNs);
    }
  };

  return {
    pools: (): PoolDescription[] => [{
      // Named without the data directory: callers are tenants, and the host's paths are none of their business.
      poolId: POOL_ID, name: "filesystem pool", capacityBytes: pool.capacityBytes, devices: [device(undefined)],
      allocationUnitBytes, maxVolumeBytes,
    }],
    createVolume: (volume) => files.create(volume),
    deleteVolume: (volume) => files.remove(volume),
    expandVolume: (volume, capacityBytes) => files.expand(volume, capacityBytes),
    async read(volume, offset, length) {
      const file = await files.fileOf(volume);
      return timed(volume, file, length, () => file.read(fileOffset(offset), length));
    },
    async write(volume, offset, data, durable) {
      const file = await files.fileOf(volume);
      await timed(volume, file, data.length, () => files.write(volume, fileOffset(offset), data, durable));
    },
    allocatedBytes: (volume) => files.allocatedBytes(volume),
    placement(volume, viewerTenantId) {
      const lun: storage.Lun = {
        lunId: relative(dataDir, files.pathOf(volume.volumeId)), deviceIds: [filesystem.deviceId],
        latency: files.latencyOf(volume), sizeBytes: volume.capacityBytes,
      };
      return { luns: [lun], devices: [device(viewerTenantId)] };
    },
    admit: (request) => qos.admit(request),
    complete: (request) => qos.complete(request),
    adopt: (volumes) => files.adopt(volumes),
    async close() {
      qos.close();
      await files.close();
    },
  };
}

/**
 * A byte offset as the file API takes it. Volume files are never larger than
 * the filesystem allows, far below 2^53, so the number is exact; anything
 * else is a bug upstream, never a silent rounding.
 */
function fileOffset(offset: bigint): number {
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`blockfile: offset ${offset} is beyond exact file addressing`);
  return Number(offset);
}
