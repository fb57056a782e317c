import type { Device, Lun, QosPolicy, Volume } from "./contracts.js";
import type { CallContext } from "../../server/call-context.js";

/** A pool as the backend describes it; allocation figures come from the catalogue. */
export interface PoolDescription {
  poolId: string;
  name: string;
  capacityBytes: bigint;
  /** The unit thin allocation rounds to (Pool.allocation_unit_bytes): a power of two, at least 512. */
  allocationUnitBytes: bigint;
  /**
   * The largest volume the pool takes (Pool.max_volume_bytes), a multiple of
   * 512; the kit refuses larger creates and expansions with OUT_OF_RANGE.
   * Default: the largest the contract allows, 2^64 - 512.
   */
  maxVolumeBytes?: bigint;
  /** The devices the pool consists of, with their recent latency. */
  devices: Device[];
}

/** The QoS policies that apply to one request: the volume's and its tenant's. */
export interface ApplicablePolicies {
  volume: QosPolicy | undefined;
  tenant: QosPolicy | undefined;
}

/** One data-path operation, as QoS admission sees it. */
export interface IoRequest {
  volume: Volume;
  operation: "read" | "write";
  bytes: number;
  policies: ApplicablePolicies;
  signal: AbortSignal;
}

/**
 * What a storage vendor writes: where bytes live and how fast they move. The
 * kit (createStorageServices) owns everything else: validation, tenancy,
 * idempotency, pagination, mappings, policies, telemetry and topology.
 * Offsets and lengths reaching the backend are already checked against the
 * volume; errors thrown as StrataError reach the caller as they are.
 */
export interface StorageBackend {
  /** The pools this backend offers. */
  pools(): PoolDescription[];
  /**
   * Called once at start with the volumes the saved catalogue holds, before
   * any request: a persistent backend reopens their data and accounts for
   * their space (and may discard data of volumes the catalogue does not name).
   */
  adopt?(volumes: Iterable<Volume>): Promise<void>;
  /**
   * Reserves room for a new volume (thick: all of it). Throws
   * StrataError.capacityExhausted when it does not fit. The kit calls
   * deleteVolume to undo it when it cannot record the volume.
   */
  createVolume(volume: Volume): Promise<void>;
  /** Releases a volume's space and data. Must succeed for a volume already gone. */
  deleteVolume(volume: Volume): Promise<void>;
  /**
   * Grows a volume to newCapacityBytes (volume still has the old size). The
   * kit also calls it with a smaller size, the volume's size before, to undo
   * an expansion it could not record in its catalogue.
   */
  expandVolume(volume: Volume, newCapacityBytes: bigint): Promise<void>;
  /**
   * Reads length bytes at offset; unwritten bytes read as zeros. The offset
   * is a bigint because the contract addresses the whole uint64 range, where
   * a JS number stops telling neighbouring bytes apart (above 2^53).
   */
  read(volume: Volume, offset: bigint, length: number, ctx: CallContext): Promise<Buffer>;
  /** Writes data at offset (a bigint, as for read); when durable, returns only once it is on stable storage. */
  write(volume: Volume, offset: bigint, data: Buffer, durable: boolean, ctx: CallContext): Promise<void>;
  /** Bytes really allocated to the volume now. */
  allocatedBytes(volume: Volume): bigint;
  /**
   * The LUNs and devices a volume occupies. Devices are shared: their latency
   * shows the I/O of `viewerTenantId` only, or of every tenant when it is
   * undefined (an operator is asking); createTenantLatency keeps both.
   */
  placement(volume: Volume, viewerTenantId: string | undefined): { luns: Lun[]; devices: Device[] };
  /**
   * QoS enforcement: resolves when the request may proceed (after waiting if
   * need be) or throws StrataError.throttled with a retry delay. Each vendor
   * brings its own scheduler.
   */
  admit(request: IoRequest): Promise<void>;
  /** Called once the request finished, so schedulers can account for it. */
  complete?(request: IoRequest, durationNs: number): void;
  /** Releases timers and files. */
  close?(): Promise<void>;
}
