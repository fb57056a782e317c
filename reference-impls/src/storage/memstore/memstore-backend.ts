import { StrataError } from "@strata/sdk/server";
import { MemstoreQos } from "./memstore-qos.js";
import { PAGE_BYTES, PageStore } from "./page-store.js";
import { Spindle, type SpindleModel } from "./spindle.js";
import { createLatencyWindow, storage } from "@strata/sdk/storage";
import type { LatencyWindow, PoolDescription, StorageBackend } from "@strata/sdk/storage";

export interface MemstoreOptions {
  /** Pool capacity in bytes (default 1 GiB): thick volumes and thin pages count against it. */
  poolCapacityBytes?: bigint;
  /** Number of simulated spindles pages are striped over (default 4). */
  spindles?: number;
  /** Latency model of each spindle (default 20 µs access, 2 GB/s: a fast simulated disk). */
  spindleModel?: SpindleModel;
  /** The window GetPlacement's LUN and device latency summarise, ns (default 10 s). */
  latencyWindowNs?: bigint;
}

interface MemVolume {
  pages: PageStore;
  reservedBytes: bigint;
  latency: LatencyWindow;
}

const POOL_ID = "pool-mem-0";

/**
 * memstore: volumes in memory, thin-provisioned by page, striped over a pool
 * of simulated spindles with a latency model and queueing; QoS by token
 * buckets.
 */
export function createMemstoreBackend(options: MemstoreOptions = {}): StorageBackend {
  const capacity = options.poolCapacityBytes ?? 1n << 30n;
  const model = options.spindleModel ?? { accessNs: 20_000, bytesPerSecond: 2e9 };
  const count = options.spindles ?? 4;
  const spindles = Array.from({ length: count }, (_, i) => new Spindle(`mem-spindle-${i}`, model, capacity / BigInt(count), options.latencyWindowNs));
  const volumes = new Map<string, MemVolume>();
  const qos = new MemstoreQos();
  let used = 0n;

  const state = (volume: storage.Volume): MemVolume => {
    const v = volumes.get(volume.volumeId);
    if (!v) throw new Error(`memstore: volume ${volume.volumeId} has no data`);
    return v;
  };
  const thin = (volume: storage.Volume) => volume.provisioning === storage.Provisioning.PROVISIONING_THIN;
  const reserve = (bytes: bigint, what: string) => {
    if (used + bytes > capacity) throw StrataError.capacityExhausted(`pool "${POOL_ID}" (${what})`);
    used += bytes;
  };
  const through = async (volume: storage.Volume, offset: bigint, length: number) => {
    const started = process.hrtime.bigint();
    const pages = state(volume).pages.pagesOf(offset, length);
    const tenantId = volume.workload!.tenantId;
    await Promise.all(pages.map((p) => spindles[p % count]!.io(Math.min(length, PAGE_BYTES), tenantId)));
    state(volume).latency.add(process.hrtime.bigint() - started);
  };

  return {
    pools: (): PoolDescription[] => [{
      poolId: POOL_ID, name: "memory pool", capacityBytes: capacity, devices: spindles.map((s) => s.describe(undefined)),
      // Pages are addressed exactly over the whole uint64 range: no maximum below the contract's.
      allocationUnitBytes: BigInt(PAGE_BYTES),
    }],
    async createVolume(volume) {
      const reservedBytes = thin(volume) ? 0n : volume.capacityBytes;
      reserve(reservedBytes, `volume "${volume.name}"`);
      volumes.set(volume.volumeId, { pages: new PageStore(), reservedBytes, latency: createLatencyWindow(options.latencyWindowNs) });
    },
    async deleteVolume(volume) {
      const v = volumes.get(volume.volumeId);
      if (!v) return;
      used -= v.reservedBytes + (thin(volume) ? BigInt(v.pages.allocatedPages * PAGE_BYTES) : 0n);
      volumes.delete(volume.volumeId);
      qos.forgetVolume(volume.volumeId);
    },
    async expandVolume(volume, newCapacityBytes) {
      if (thin(volume)) return;
      const extra = newCapacityBytes - volume.capacityBytes;
      reserve(extra, `expansion of volume "${volume.volumeId}"`);
      state(volume).reservedBytes += extra;
    },
    async read(volume, offset, length) {
      await through(volume, offset, length);
      return state(volume).pages.read(offset, length);
    },
    async write(volume, offset, data) {
      const pages = state(volume).pages;
      if (thin(volume)) reserve(BigInt(pages.newPages(offset, data.length) * PAGE_BYTES), `thin volume "${volume.volumeId}"`);
      await through(volume, offset, data.length);
      pages.write(offset, data);
    },
    allocatedBytes(volume) {
      const v = volumes.get(volume.volumeId);
      if (!v) return 0n;
      if (!thin(volume)) return v.reservedBytes;
      const allocated = BigInt(v.pages.allocatedPages * PAGE_BYTES);
      return allocated < volume.capacityBytes ? allocated : volume.capacityBytes;
    },
    placement(volume, viewerTenantId) {
      const luns: storage.Lun[] = spindles.map((s, i) => ({
        lunId: `${volume.volumeId}-stripe-${i}`, deviceIds: [s.deviceId],
        latency: state(volume).latency.summary(), sizeBytes: volume.capacityBytes / BigInt(count),
      }));
      return { luns, devices: spindles.map((s) => s.describe(viewerTenantId)) };
    },
    admit: (request) => qos.admit(request),
  };
}
