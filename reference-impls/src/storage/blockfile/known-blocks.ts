/** Blocks per bitmap chunk: 32 Ki blocks (128 MiB of 4 KiB blocks) in 4 KiB of memory. */
const CHUNK_BLOCKS = 1 << 15;

/**
 * The blocks of a sparse file known to be allocated, because they were
 * written since it was opened: a rewrite of them needs no new space. Memory
 * grows with the area written, not with the volume's size.
 */
export class KnownBlocks {
  private readonly chunks = new Map<number, Uint8Array>();

  constructor(readonly blockSize: number) {}

  /** Bytes of the blocks [offset, offset + length) touches that may still be holes. */
  unknownBytes(offset: number, length: number): number {
    let unknown = 0;
    this.each(offset, length, (chunk, bit) => {
      if (!chunk || (chunk[bit >> 3]! & (1 << (bit & 7))) === 0) unknown += this.blockSize;
    });
    return unknown;
  }

  /** Records the blocks [offset, offset + length) touches as allocated. */
  mark(offset: number, length: number): void {
    this.each(offset, length, (_, bit, index) => {
      let chunk = this.chunks.get(index);
      if (!chunk) this.chunks.set(index, (chunk = new Uint8Array(CHUNK_BLOCKS / 8)));
      chunk[bit >> 3]! |= 1 << (bit & 7);
    });
  }

  private each(offset: number, length: number, visit: (chunk: Uint8Array | undefined, bit: number, index: number) => void): void {
    if (length <= 0) return;
    const last = Math.floor((offset + length - 1) / this.blockSize);
    for (let block = Math.floor(offset / this.blockSize); block <= last; block++) {
      const index = Math.floor(block / CHUNK_BLOCKS);
      visit(this.chunks.get(index), block % CHUNK_BLOCKS, index);
    }
  }
}
