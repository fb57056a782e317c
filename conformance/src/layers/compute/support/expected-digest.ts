import { createHash } from "node:crypto";

/**
 * The digests docs/compute.md defines for each unit of work, computed by the
 * suite itself from the page (never from any vendor's code), so that an
 * answer proves the endpoint did the work.
 */
export const expectedDigest = {
  /** SHA-256 over `sizeBytes` bytes of `seed` repeated and cut short, or zeros. */
  hash(sizeBytes: number, seed: Uint8Array): string {
    const bytes = Buffer.alloc(sizeBytes);
    if (seed.length > 0) for (let i = 0; i < sizeBytes; i++) bytes[i] = seed[i % seed.length]!;
    return createHash("sha256").update(bytes).digest("hex");
  },

  /** SHA-256 of x1 … x_count of xorshift32 from `seed`, sorted, 4 bytes big-endian each. */
  sort(count: number, seed: number): string {
    const numbers: number[] = [];
    let x = BigInt(seed === 0 ? 2654435769 : seed);
    const mask = 0xffffffffn;
    for (let i = 0; i < count; i++) {
      x ^= (x << 13n) & mask;
      x ^= x >> 17n;
      x ^= (x << 5n) & mask;
      numbers.push(Number(x));
    }
    numbers.sort((a, b) => a - b);
    const bytes = Buffer.alloc(4 * count);
    numbers.forEach((n, i) => bytes.writeUInt32BE(n, 4 * i));
    return createHash("sha256").update(bytes).digest("hex");
  },
};
