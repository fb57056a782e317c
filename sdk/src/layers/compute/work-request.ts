import { validate } from "../../server/validate.js";
import type { Work } from "./compute-backend.js";
import type { ExecuteRequest } from "./contracts.js";

/** The most CPU time one spin may ask for: one second. */
export const MAX_SPIN_NS = 1_000_000_000n;
/** The longest hash seed, bytes. */
export const MAX_SEED_BYTES = 1024;

/**
 * The work of an ExecuteRequest, checked against the limits of docs/compute.md
 * (INVALID_ARGUMENT naming the field), with the payload it counts.
 */
export function workOf(request: ExecuteRequest, maxIoBytes: number): { work: Work; payloadBytes: number } | { program: Buffer; payloadBytes: number } {
  const checks = validate().id("instance_id", request.instanceId);
  const { hash, sort, spin, program } = request;
  if (!hash && !sort && !spin && !program) checks.add("work", "is required: one of hash, sort, spin or program");
  if (hash && hash.sizeBytes > BigInt(maxIoBytes)) checks.add("hash.size_bytes", `must be at most ${maxIoBytes} (Limits.max_io_bytes)`);
  if (hash && hash.seed.length > MAX_SEED_BYTES) checks.add("hash.seed", `must be at most ${MAX_SEED_BYTES} bytes`);
  if (sort && 4 * sort.count > maxIoBytes) checks.add("sort.count", `must be at most ${Math.floor(maxIoBytes / 4)} (4 × count ≤ Limits.max_io_bytes)`);
  if (spin && spin.cpuTimeNs > MAX_SPIN_NS) checks.add("spin.cpu_time_ns", `must be at most ${MAX_SPIN_NS} (one second)`);
  if (program && program.payload.length > maxIoBytes) checks.add("program.payload", `must be at most ${maxIoBytes} bytes (Limits.max_io_bytes)`);
  checks.throwIfAny();
  if (program) return { program: Buffer.from(program.payload), payloadBytes: program.payload.length };
  if (hash) return { work: { kind: "hash", sizeBytes: Number(hash.sizeBytes), seed: Buffer.from(hash.seed) }, payloadBytes: Number(hash.sizeBytes) };
  if (sort) return { work: { kind: "sort", count: sort.count, seed: sort.seed }, payloadBytes: 4 * sort.count };
  return { work: { kind: "spin", cpuTimeNs: Number(spin!.cpuTimeNs) }, payloadBytes: 0 };
}
