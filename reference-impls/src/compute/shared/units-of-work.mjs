// @ts-check
// The units of work of docs/compute.md ("Units of work"), in plain JavaScript:
// both compute vendors run them inside their instances (a worker thread, a
// child process), which load this file as it is, without a TypeScript loader.
import { createHash } from "node:crypto";

/** Bytes hashed per update, at most: the seed repeated (each update a whole number of seeds but the last). */
const CHUNK_BYTES = 64 * 1024;

/**
 * SHA-256 over `sizeBytes` bytes: `seed` repeated, the last repetition cut
 * short, or zeros when the seed is empty.
 * @param {number} sizeBytes
 * @param {Uint8Array} seed
 * @returns {Buffer}
 */
export function hashUnit(sizeBytes, seed) {
  const hash = createHash("sha256");
  const chunk = Buffer.alloc(Math.min(sizeBytes, CHUNK_BYTES));
  if (seed.length > 0) chunk.fill(seed);
  const period = seed.length === 0 ? 1 : seed.length;
  // Each update but the last is a whole number of seeds long, so the next starts where the seed does.
  const step = chunk.length < period ? chunk.length : chunk.length - (chunk.length % period);
  let left = sizeBytes;
  while (left > 0) {
    const n = Math.min(left, step);
    hash.update(n === chunk.length ? chunk : chunk.subarray(0, n));
    left -= n;
  }
  return hash.digest();
}

/**
 * Sorts `count` numbers of the xorshift32 sequence from `seed` (2654435769
 * when 0) and answers SHA-256 of the sorted numbers, 4 bytes big-endian each.
 * @param {number} count
 * @param {number} seed
 * @returns {Buffer}
 */
export function sortUnit(count, seed) {
  const numbers = new Uint32Array(count);
  let x = seed === 0 ? 2654435769 : seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    numbers[i] = x;
  }
  numbers.sort();
  const bytes = Buffer.alloc(4 * count);
  for (let i = 0; i < count; i++) bytes.writeUInt32BE(numbers[i], 4 * i);
  return createHash("sha256").update(bytes).digest();
}

/**
 * Keeps the CPU busy until `cpuClockNs()` has advanced by `cpuTimeNs`,
 * reading the clock after every slice of `sliceMs` of wall time.
 * @param {number} cpuTimeNs
 * @param {() => number} cpuClockNs
 * @param {number} [sliceMs]
 * @returns {Buffer}
 */
export function spinUnit(cpuTimeNs, cpuClockNs, sliceMs = 0.25) {
  const start = cpuClockNs();
  let sink = 0;
  while (cpuClockNs() - start < cpuTimeNs) {
    const until = performance.now() + sliceMs;
    while (performance.now() < until) sink = (sink * 31 + 7) % 1_000_003;
  }
  return Buffer.alloc(sink < 0 ? 1 : 0);
}

/**
 * Runs one unit of work as the kit hands it over ({ kind: "hash", sizeBytes, seed },
 * { kind: "sort", count, seed } or { kind: "spin", cpuTimeNs }) and answers its digest.
 * @param {{ kind: string, sizeBytes?: number, seed?: Uint8Array | number, count?: number, cpuTimeNs?: number }} work
 * @param {() => number} cpuClockNs the CPU clock of whatever runs it, in nanoseconds
 * @returns {Buffer}
 */
export function runUnit(work, cpuClockNs) {
  switch (work.kind) {
    case "hash": return hashUnit(work.sizeBytes ?? 0, /** @type {Uint8Array} */ (work.seed ?? new Uint8Array()));
    case "sort": return sortUnit(work.count ?? 0, /** @type {number} */ (work.seed ?? 0));
    case "spin": return spinUnit(work.cpuTimeNs ?? 0, cpuClockNs);
    default: throw new TypeError(`unknown unit of work ${work.kind}`);
  }
}
