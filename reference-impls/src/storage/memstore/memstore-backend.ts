import { StrataError } from "@strata/sdk/server";
import { MemstoreQos } from "./memstore-qos.js";
import { PAGE_BYTES, PageStore } from "./page-store.js";
import { Spindle, type SpindleModel } from "./spindle.js";
import { createLatencyWindow, storage } from "@strata/sdk/storage";
import type { LatencyWindow, PoolDescription, StorageBackend } from "@strata/sdk/storage";

export interface MemstoreOptions {
  /** Capacity of each pool in bytes (default 1 GiB): thick volumes and thin pages count against their pool's. */
  poolCapacityBytes?: bigint;
  /** Number of pools, each with its own spindles and capacity (default 1): pool-mem-0, pool-mem-1, … */
  pools?: number;
  /** Number of simulated spindles each pool stripes pages over (default 4). */
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
  pool: MemPool;
}

/** One pool: its spindles and the bytes its volumes hold. */
interface MemPool {
  poolId: string;
  spindles: Spindle[];
  used: bigint;
}

/**
 * memstore: volumes in memory, thin-provisioned by page, striped over a pool
 * of simulated spindles with a latency model and queueing; QoS by token
 * buckets, across pools (a tenant's limit holds over all its volumes).
 */
export function createMemstoreBackend(options: MemstoreOptions = {}): StorageBackend {
  const capacity = options.poolCapacityBytes ?? 1n << 30n;
  const model = options.spindleModel ?? { accessNs: 20_000, bytesPerSecond: 2e9 };
  const count = options.spindles ?? 4;
  const pools: MemPool[] = Array.from({ length: Math.max(1, options.pools ?? 1) }, (_, p) => ({
    poolId: `pool-mem-${p}`, used: 0n,
    spindles: Array.from({ length: count }, (_, i) => new Spindle(`mem-spindle-${p * count + i}`, model, capacity / BigInt(count), options.latencyWindowNs)),
  }));
  const volumes = new Map<string, MemVolume>();
  const qos = new MemstoreQos();

  const state = (volume: storage.Volume): MemVolume => {
    const v = volumes.get(volume.volumeId);
    if (!v) throw new Error(`memstore: volume ${volume.volumeId} has no data`);
    return v;
  };
  const poolOf = (volume: storage.Volume): MemPool => {
    const pool = pools.find((p) => p.poolId === volume.poolId);
    if (!pool) throw new Error(`memstore: volume ${volume.volumeId} names pool ${volume.poolId}, which memstore does not offer`);
    return pool;
  };
  const thin = (volume: storage.Volume) => volume.provisioning === storage.Provisioning.PROVISIONING_THIN;
  const reserve = (pool: MemPool, bytes: bigint, what: string) => {
    if (pool.used + bytes > capacity) throw StrataError.capacityExhausted(`pool "${pool.poolId}" (${what})`);
    pool.used += bytes;
  };
  const through = async (volume: storage.Volume, offset: bigint, length: number) => {
    const started = process.hrtime.bigint();
    const { pages, pool } = state(volume);
    const tenantId = volume.workload!.tenantId;
    await Promise.all(pages.pagesOf(offset, length).map((p) => pool.spindles[p % count]!.io(Math.min(length, PAGE_BYTES), tenantId)));
    state(volume).latency.add(process.hrtime.bigint() - started);
  };

  return {
    pools: (): PoolDescription[] => pools.map((pool, p) => ({
      poolId: pool.poolId, name: p === 0 ? "memory pool" : `memory pool ${p}`, capacityBytes: capacity,
      devices: pool.spindles.map((s) => s.describe(undefined)),
      // Pages are addressed exactly over the whole uint64 range: no maximum below the contract's.
      allocationUnitBytes: BigInt(PAGE_BYTES),
    })),
    async createVolume(volume) {
      const pool = poolOf(volume);
      const reservedBytes = thin(volume) ? 0n : volume.capacityBytes;
      reserve(pool, reservedBytes, `volume "${volume.name}"`);
      volumes.set(volume.volumeId, { pages: new PageStore(), reservedBytes, latency: createLatencyWindow(options.latencyWindowNs), pool });
    },
    async deleteVolume(volume) {
      const v = volumes.get(volume.volumeId);
      if (!v) return;
      v.pool.used -= v.reservedBytes + (thin(volume) ? BigInt(v.pages.allocatedPages * PAGE_BYTES) : 0n);
      volumes.delete(volume.volumeId);
      qos.forgetVolume(volume.volumeId);
    },
    async expandVolume(volume, newCapacityBytes) {
      if (thin(volume)) return;
      const extra = newCapacityBytes - volume.capacityBytes;
      reserve(state(volume).pool, extra, `expansion of volume "${volume.volumeId}"`);
      state(volume).reservedBytes += extra;
    },
    async read(volume, offset, length) {
      await through(volume, offset, length);
      return state(volume).pages.read(offset, length);
    },
    async write(volume, offset, data) {
      const { pages, pool } = state(volume);
      if (thin(volume)) reserve(pool, BigInt(pages.newPages(offset, data.length) * PAGE_BYTES), `thin volume "${volume.volumeId}"`);
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
      const { spindles } = state(volume).pool;
      const luns: storage.Lun[] = spindles.map((s, i) => ({
        lunId: `${volume.volumeId}-stripe-${i}`, deviceIds: [s.deviceId],
        latency: state(volume).latency.summary(), sizeBytes: volume.capacityBytes / BigInt(count),
      }));
      return { luns, devices: spindles.map((s) => s.describe(viewerTenantId)) };
    },
    admit: (request) => qos.admit(request),
  };
}
