import { StrataError } from "@strata/sdk/server";
import { freeBytes } from "./filesystem-device.js";

/** How often the filesystem's free space is sampled, ms. */
const SAMPLE_INTERVAL_MS = 1000;

/**
 * The pool's space: the filesystem holding the data directory. Capacity is
 * what the volume files occupy plus what the filesystem still has free,
 * capped by the configured capacity. Allocation is thick reservations plus
 * thin files' real blocks. Room is checked before it is taken, so a create
 * or a write that would not fit fails whole with CAPACITY_EXHAUSTED.
 */
export class FilesystemPool {
  private allocated = 0n;
  /** What the volume files really occupy on the filesystem. */
  private occupied = 0n;
  /** Room held for thin writes in progress. */
  private held = 0n;
  private sampledAt = performance.now();
  private sampling = false;

  constructor(
    readonly poolId: string,
    private readonly dir: string,
    private free: bigint,
    private readonly capBytes: bigint | undefined,
  ) {}

  get capacityBytes(): bigint {
    const usable = this.occupied + this.free;
    return this.capBytes !== undefined && this.capBytes < usable ? this.capBytes : usable;
  }

  get allocatedBytes(): bigint {
    return this.allocated;
  }

  /** Takes bytes for good (a thick volume); CAPACITY_EXHAUSTED when they do not fit. */
  take(bytes: bigint, what: string): void {
    this.check(bytes, what);
    this.allocated += bytes;
  }

  /** Holds room for a thin write in progress; returns its release. */
  hold(bytes: bigint, what: string): () => void {
    this.check(bytes, what);
    this.held += bytes;
    let released = false;
    return () => {
      if (!released) this.held -= bytes;
      released = true;
    };
  }

  /** Records changes: bytes allocated to volumes (negative to give back), bytes the files occupy. */
  track(allocatedDelta: bigint, occupiedDelta = 0n): void {
    this.allocated += allocatedDelta;
    this.occupied += occupiedDelta;
    this.sampleIfStale();
  }

  /** Re-reads the filesystem's free space now. */
  async sample(): Promise<void> {
    this.sampledAt = performance.now();
    this.free = await freeBytes(this.dir);
  }

  private sampleIfStale(): void {
    if (this.sampling || performance.now() - this.sampledAt < SAMPLE_INTERVAL_MS) return;
    this.sampling = true;
    // Best effort: a failed sample keeps the last figure.
    this.sample().catch(() => undefined).finally(() => { this.sampling = false; });
  }

  private check(bytes: bigint, what: string): void {
    if (bytes > 0n && this.allocated + this.held + bytes > this.capacityBytes) {
      throw StrataError.capacityExhausted(`pool "${this.poolId}" (${what}: ${bytes} more bytes, ${this.capacityBytes - this.allocated - this.held} free)`);
    }
  }
}
