// Types of units-of-work.mjs, for the TypeScript that tests it (the build leaves this file out and emits the .mjs itself).

/** SHA-256 over `sizeBytes` bytes: `seed` repeated and cut short, or zeros when empty. */
export function hashUnit(sizeBytes: number, seed: Uint8Array): Buffer;
/** SHA-256 of the `count` sorted xorshift32 numbers from `seed`, 4 bytes big-endian each. */
export function sortUnit(count: number, seed: number): Buffer;
/** Keeps the CPU busy until `cpuClockNs()` advanced by `cpuTimeNs`; answers an empty digest. */
export function spinUnit(cpuTimeNs: number, cpuClockNs: () => number, sliceMs?: number): Buffer;
/** Runs one unit of work as the compute kit hands it over and answers its digest. */
export function runUnit(work: { kind: string; sizeBytes?: number; seed?: Uint8Array | number; count?: number; cpuTimeNs?: number }, cpuClockNs: () => number): Buffer;
